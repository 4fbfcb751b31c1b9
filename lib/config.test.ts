import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { config, resetConfigForTests } from "./config";
import { boot } from "./boot";

// PENAXTRA_TRUSTED_PROXIES is part of the configuration schema: a bad entry
// stops the start, naming the variable, before anything is opened.

const saved = { ...process.env };
const dataDir = mkdtempSync(path.join(os.tmpdir(), "penaxtra-config-"));

afterEach(() => {
  for (const key of ["PENAXTRA_TRUSTED_PROXIES", "PENAXTRA_DATA_DIR", "DATABASE_URL", "NEXTAUTH_SECRET"]) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  resetConfigForTests();
  delete (globalThis as { __penaxtraShutdown?: unknown }).__penaxtraShutdown;
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const withProxies = (value: string) => {
  process.env.PENAXTRA_TRUSTED_PROXIES = value;
  resetConfigForTests();
};

describe("PENAXTRA_TRUSTED_PROXIES", () => {
  it("parses into canonical ranges (bare addresses become /32 or /128); unset or empty is none", () => {
    withProxies(" 10.1.2.3 , 10.0.0.0/8,2001:db8::1/32, ::ffff:192.0.2.0/120 ");
    expect(config().PENAXTRA_TRUSTED_PROXIES).toEqual(["10.1.2.3/32", "10.0.0.0/8", "2001:db8::/32", "192.0.2.0/24"]);
    withProxies("");
    expect(config().PENAXTRA_TRUSTED_PROXIES).toEqual([]);
    delete process.env.PENAXTRA_TRUSTED_PROXIES;
    resetConfigForTests();
    expect(config().PENAXTRA_TRUSTED_PROXIES).toEqual([]);
  });

  it.each(["10.0.0.0/8, proxy.internal", "10.0.0.0/33", "10.1", "*", "10.0.0.0/8/8", "2001:db8::/129"])(
    "makes config() throw naming the variable and the entry: %s",
    (value) => {
      withProxies(value);
      expect(() => config()).toThrow(/PENAXTRA_TRUSTED_PROXIES/);
      const bad = value.split(",").map((s) => s.trim()).find((s) => !["10.0.0.0/8"].includes(s))!;
      expect(() => config()).toThrow(bad);
    },
  );

  it("makes boot() fail naming it, before the database or the data directory is touched", async () => {
    process.env.PENAXTRA_DATA_DIR = dataDir;
    delete process.env.DATABASE_URL;
    delete process.env.NEXTAUTH_SECRET;
    withProxies("10.0.0.0/8, not-a-proxy");
    await expect(boot()).rejects.toThrow(/PENAXTRA_TRUSTED_PROXIES.*not-a-proxy/);
    expect(readdirSync(dataDir)).toEqual([]);
    expect((globalThis as { __penaxtraShutdown?: unknown }).__penaxtraShutdown).toBeUndefined();
  });
});
