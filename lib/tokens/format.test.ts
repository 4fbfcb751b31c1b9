import { describe, expect, it } from "vitest";
import { generateToken, hasValidChecksum, hashToken, shortIdOf } from "./format";

describe("token format", () => {
  it("is pnx_ + 30 base62 + 6-char base62 CRC32 of the random part", () => {
    const token = generateToken();
    expect(token).toMatch(/^pnx_[0-9A-Za-z]{36}$/);
    expect(hasValidChecksum(token)).toBe(true);
  });

  it("refuses any single-character change (forged checksum or random part)", () => {
    const token = generateToken();
    for (const i of [4, 20, 33, 39]) {
      const c = token[i] === "a" ? "b" : "a";
      expect(hasValidChecksum(token.slice(0, i) + c + token.slice(i + 1))).toBe(false);
    }
    expect(hasValidChecksum(`${token}x`)).toBe(false);
    expect(hasValidChecksum(token.replace("pnx_", "pnY_"))).toBe(false);
  });

  it("derives the short id from the SHA-256 of the token", () => {
    const hash = hashToken("pnx_example");
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(shortIdOf(hash)).toBe(hash.slice(0, 8));
  });

  it("does not repeat", () => {
    const seen = new Set(Array.from({ length: 2000 }, generateToken));
    expect(seen.size).toBe(2000);
  });
});
