import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateToken, hasValidChecksum, hashToken, shortIdOf } from "./format";

describe("token format", () => {
  it("is pnx_ + 30 base62 + 6-char base62 CRC32 of the random part", () => {
    const token = generateToken();
    expect(token).toMatch(/^pnx_[0-9A-Za-z]{36}$/);
    expect(hasValidChecksum(token)).toBe(true);
  });

  it("refuses every single-character change at every position (CRC32 catches any one-character error)", () => {
    const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    for (let n = 0; n < 5; n++) {
      const token = generateToken();
      for (let i = 4; i < token.length; i++) {
        for (const c of alphabet) {
          if (c === token[i]) continue;
          const changed = token.slice(0, i) + c + token.slice(i + 1);
          expect(hasValidChecksum(changed), `position ${i} → ${c}`).toBe(false);
        }
      }
    }
  });

  it("refuses the wrong prefix, length or alphabet even with a matching checksum", () => {
    const token = generateToken();
    expect(hasValidChecksum(`${token}x`)).toBe(false);
    expect(hasValidChecksum(token.slice(0, -1))).toBe(false);
    expect(hasValidChecksum(token.replace("pnx_", "pnY_"))).toBe(false);
    expect(hasValidChecksum(` ${token}`)).toBe(false);
    expect(hasValidChecksum(`${token}\n`)).toBe(false);
  });

  it("derives the short id from the SHA-256 of the token", () => {
    const hash = hashToken("pnx_example");
    expect(hash).toBe(createHash("sha256").update("pnx_example").digest("hex"));
    expect(shortIdOf(hash)).toBe(hash.slice(0, 8));
  });

  it("draws the random part uniformly from the 62-character alphabet (no modulo bias)", () => {
    // 60,000 characters over 62 symbols: a chi-square far above what chance gives
    // (61 degrees of freedom; p < 1e-9 at 150) means a biased or narrow generator.
    const counts = new Map<string, number>();
    const tokens = 2000;
    for (let n = 0; n < tokens; n++) {
      for (const c of generateToken().slice(4, 34)) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    expect(counts.size).toBe(62);
    const expected = (tokens * 30) / 62;
    const chiSquare = [...counts.values()].reduce((sum, o) => sum + (o - expected) ** 2 / expected, 0);
    expect(chiSquare).toBeLessThan(150);
  });
});
