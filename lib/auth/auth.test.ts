import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { resetConfigForTests } from "@/lib/config";
import { hashPassword, verifyPassword } from "./password";
import { authSecret } from "./secret";

afterEach(() => {
  delete process.env.NEXTAUTH_SECRET;
  delete process.env.PENAXTRA_DATA_DIR;
  resetConfigForTests();
});

describe("passwords", () => {
  it("hash with scrypt and a per-hash salt, and verify", async () => {
    const a = await hashPassword("correct horse battery");
    const b = await hashPassword("correct horse battery");
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("correct horse battery", a)).toBe(true);
    expect(await verifyPassword("correct horse batterY", a)).toBe(false);
    expect(await verifyPassword("x", "not-a-hash")).toBe(false);
  });
});

describe("session secret", () => {
  it("is generated once into the data directory with mode 0600", () => {
    process.env.PENAXTRA_DATA_DIR = mkdtempSync(path.join(tmpdir(), "pnx-secret-"));
    resetConfigForTests();
    const first = authSecret();
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(authSecret()).toBe(first);
    expect(statSync(path.join(process.env.PENAXTRA_DATA_DIR, "auth-secret")).mode & 0o777).toBe(0o600);
  });

  it("refuses placeholders and short values at boot", () => {
    for (const bad of ["changeme", "secret", "your-secret-here", "short-but-real"]) {
      process.env.NEXTAUTH_SECRET = bad;
      resetConfigForTests();
      expect(() => authSecret()).toThrow(/placeholder or shorter than 32/);
    }
    process.env.NEXTAUTH_SECRET = "k".repeat(16) + "Q9s8d7f6g5h4j3k2l1z0x9c8v7b6n5m4";
    resetConfigForTests();
    expect(authSecret()).toBe(process.env.NEXTAUTH_SECRET);
  });
});

describe("session cookie", () => {
  it("is Secure (with the __Secure- prefix) only when the console is served over https", async () => {
    process.env.PENAXTRA_DATA_DIR = mkdtempSync(path.join(tmpdir(), "pnx-cookie-"));
    for (const [url, secure] of [["https://console.example", true], ["http://localhost:3000", false]] as const) {
      process.env.NEXTAUTH_URL = url;
      resetConfigForTests();
      vi.resetModules();
      const { authOptions } = await import("./options");
      const options = authOptions();
      expect(options.useSecureCookies).toBe(secure);
      expect(options.session?.strategy).toBe("jwt");
    }
    delete process.env.NEXTAUTH_URL;
  });
});
