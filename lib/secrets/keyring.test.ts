import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import sodium from "libsodium-wrappers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { log } from "@/lib/log";
import { useEnvKeys, useFreshDataDir } from "@/test/secrets";
import { createKeyFile, envEntry, generateKey, KEY_FILE, KeyringError, keyIdOf, parseEnvKeys, readKeyring, writeKeyFile } from "./keyring";

// The keyring without a database: file and environment modes, formats and
// their errors. Refusing to start against sealed rows is in key-check.test.ts.

const privateB64 = (entry: string) => entry.split(":")[1];

describe("seal keyring", () => {
  let dir: string;
  beforeEach(() => {
    dir = useFreshDataDir();
  });
  afterEach(() => {
    useFreshDataDir();
    vi.restoreAllMocks();
  });

  it("derives the key id from the SHA-256 of the public key", async () => {
    const key = await generateKey();
    await sodium.ready;
    const expected = createHash("sha256").update(sodium.crypto_scalarmult_base(key.privateKey)).digest("hex").slice(0, 8);
    expect(key.id).toBe(expected);
    expect(keyIdOf(key.publicKey)).toBe(expected);
    expect(key.id).toMatch(/^[0-9a-f]{8}$/);
  });

  it("has no keyring before a key file or PENAXTRA_SEAL_KEY exists", async () => {
    expect(await readKeyring()).toBeNull();
  });

  it("generates the key file with mode 0600, atomically, without logging key material", async () => {
    const warn = vi.spyOn(log, "warn");
    const ring = await createKeyFile();
    const file = path.join(dir, KEY_FILE);
    expect(ring.source).toBe("file");
    expect(ring.file).toBe(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const body = JSON.parse(readFileSync(file, "utf8"));
    expect(body).toMatchObject({ version: 1, active: ring.active.id, keys: [{ id: ring.active.id }] });
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    const logged = JSON.stringify(warn.mock.calls);
    expect(logged).toContain(ring.active.id);
    expect(logged).not.toContain(body.keys[0].private_key);
  });

  it("never replaces an existing key file when creating one", async () => {
    const first = await createKeyFile();
    const second = await createKeyFile();
    expect(second.active.id).toBe(first.active.id);
    expect(JSON.parse(readFileSync(path.join(dir, KEY_FILE), "utf8")).keys).toHaveLength(1);
  });

  it("re-reads the key file when it changes (a rotation by the CLI reaches a running server)", async () => {
    const first = await createKeyFile();
    expect((await readKeyring())?.active.id).toBe(first.active.id);
    const next = await generateKey();
    writeKeyFile([...first.keys.values(), next], next.id);
    const ring = await readKeyring();
    expect(ring?.active.id).toBe(next.id);
    expect([...(ring?.keys.keys() ?? [])].sort()).toEqual([first.active.id, next.id].sort());
  });

  it("refuses a damaged key file instead of replacing it", async () => {
    writeFileSync(path.join(dir, KEY_FILE), "{ not json", { mode: 0o600 });
    await expect(readKeyring()).rejects.toThrow(/not a valid key file; restore it from your backup/);
    expect(readFileSync(path.join(dir, KEY_FILE), "utf8")).toBe("{ not json");
  });

  it("refuses a key file whose key id does not match its private key", async () => {
    const [a, b] = [await generateKey(), await generateKey()];
    const body = { version: 1, active: a.id, keys: [{ id: a.id, private_key: Buffer.from(b.privateKey).toString("base64"), created_at: null }] };
    writeFileSync(path.join(dir, KEY_FILE), JSON.stringify(body), { mode: 0o600 });
    await expect(readKeyring()).rejects.toThrow(new RegExp(`lists key ${a.id} with the private key of ${b.id}`));
  });

  it("takes PENAXTRA_SEAL_KEY entries, the first active, and ignores the key file then", async () => {
    await createKeyFile();
    const [a, b] = [await generateKey(), await generateKey()];
    useEnvKeys([envEntry(a), ` ${envEntry(b)} `]);
    const ring = await readKeyring();
    expect(ring?.source).toBe("env");
    expect(ring?.active.id).toBe(a.id);
    expect([...(ring?.keys.keys() ?? [])]).toEqual([a.id, b.id]);
  });

  it("refuses an entry whose key id does not match its private key, without echoing the key", async () => {
    const [a, b] = [await generateKey(), await generateKey()];
    const forged = `${a.id}:${privateB64(envEntry(b))}`;
    const error = (() => {
      try {
        parseEnvKeys(forged);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(KeyringError);
    expect(error?.message).toContain(`names key id ${a.id}, but its private key has key id ${b.id}`);
    expect(error?.message).not.toContain(privateB64(envEntry(b)));
    useEnvKeys([forged]);
    await expect(readKeyring()).rejects.toThrow(KeyringError);
    expect(existsSync(path.join(dir, KEY_FILE))).toBe(false);
  });

  it.each([
    ["a bare key", (e: string) => privateB64(e), /entry 1 is not of the form <keyid>:<base64 private key>/],
    ["an upper-case key id", (e: string) => e.replace(/^[0-9a-f]{8}/, "ABCDEF12"), /entry 1 is not of the form/],
    ["a truncated key", (e: string) => e.slice(0, -6), /entry 1 \(key id [0-9a-f]{8}\): the private key is not 32 bytes of base64/],
    ["only commas", () => ",,", /holds no key/],
  ])("refuses %s with a clear message that holds no key material", async (_label, mangle, message) => {
    const entry = envEntry(await generateKey());
    const raw = mangle(entry);
    expect(() => parseEnvKeys(raw)).toThrow(message);
    try {
      parseEnvKeys(raw);
    } catch (e) {
      expect((e as Error).message).not.toContain(privateB64(entry).slice(0, 16));
    }
  });

  it("refuses the same key listed twice", async () => {
    const entry = envEntry(await generateKey());
    expect(() => parseEnvKeys(`${entry},${entry}`)).toThrow(/entry 2: key id [0-9a-f]{8} is listed twice/);
  });
});
