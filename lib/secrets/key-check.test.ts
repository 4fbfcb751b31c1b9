import { CLI } from "@/lib/auth/actor";
import { existsSync, readFileSync, renameSync } from "node:fs";
import path from "node:path";
import { beforeEach, expect, it } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance } from "@/test/factories";
import { canary, isolatePostgres, useEnvKeys, useFreshDataDir } from "@/test/secrets";
import { db } from "@/lib/db/client";
import { boot } from "@/lib/boot";
import { createKeyFile, envEntry, generateKey, KEY_FILE, KeyringError, readKeyring } from "./keyring";
import { ensureKeyring, verifyKeyring } from "./key-check";
import { createSecret } from "./service";
import { resolveSecretRef } from "./resolve";

// A wrong or missing key at boot is a clear error, never a silent new key that
// would orphan the secrets already sealed.

await isolatePostgres("secrets_keycheck");

const actor = CLI;

describeWithDatabase("seal keyring at boot", () => {
  let dir: string;
  beforeEach(async () => {
    await db().secret.deleteMany();
    dir = useFreshDataDir();
  });

  it("generates the first key into an empty secret store, and starts", async () => {
    await boot();
    const ring = await readKeyring();
    expect(ring?.source).toBe("file");
    expect(existsSync(path.join(dir, KEY_FILE))).toBe(true);
    await expect(verifyKeyring()).resolves.toMatchObject({ ring: { active: { id: ring?.active.id } } });
  });

  it("refuses to start when the key file is gone but sealed secrets exist, and makes no new key", async () => {
    const instance = await makeInstance();
    await createSecret(instance.id, { name: "orphan_check", value: canary() }, actor);
    renameSync(path.join(dir, KEY_FILE), path.join(dir, "moved-away.json"));
    useFreshDataDir();
    const fresh = process.env.PENAXTRA_DATA_DIR!;

    await expect(boot()).rejects.toThrow(KeyringError);
    await expect(boot()).rejects.toThrow(/PENAXTRA_SEAL_KEY is not set and .*seal-keys\.json does not exist, yet 1 sealed secret\(s\) do/);
    await expect(ensureKeyring()).rejects.toThrow(/A new key could not open them, so none is generated/);
    expect(existsSync(path.join(fresh, KEY_FILE))).toBe(false);
  });

  it("refuses to start when PENAXTRA_SEAL_KEY does not hold the key the secrets were sealed with", async () => {
    const instance = await makeInstance();
    await createSecret(instance.id, { name: "wrong_key_check", value: canary() }, actor);
    const sealedWith = (await readKeyring())!.active.id;
    const other = await generateKey();
    useEnvKeys([envEntry(other)]);

    const error = await boot().catch((e: Error) => e);
    expect(error).toBeInstanceOf(KeyringError);
    expect((error as Error).message).toContain(`does not hold: ${sealedWith} (1 secret)`);
    expect((error as Error).message).toContain("PENAXTRA_SEAL_KEY");
    expect((error as Error).message).not.toContain(envEntry(other).split(":")[1]);
  });

  it("refuses to start with a PENAXTRA_SEAL_KEY entry whose key id does not match its key", async () => {
    const [a, b] = [await generateKey(), await generateKey()];
    useEnvKeys([`${a.id}:${envEntry(b).split(":")[1]}`]);
    await expect(boot()).rejects.toThrow(`PENAXTRA_SEAL_KEY entry 1 names key id ${a.id}, but its private key has key id ${b.id}`);
    expect(existsSync(path.join(dir, KEY_FILE))).toBe(false);
  });

  it("starts with the old key listed second and still opens what it sealed", async () => {
    const old = await generateKey();
    useEnvKeys([envEntry(old)]);
    const instance = await makeInstance();
    const value = canary();
    await createSecret(instance.id, { name: "env_old_key", value }, actor);
    const next = await generateKey();
    useEnvKeys([envEntry(next), envEntry(old)]);
    await expect(boot()).resolves.toBeUndefined();
    expect(await resolveSecretRef(instance.id, "secret:env_old_key")).toBe(value);
  });

  it("refuses a key file that lost the key a secret was sealed with", async () => {
    const instance = await makeInstance();
    await createSecret(instance.id, { name: "lost_key_check", value: canary() }, actor);
    const sealedWith = (await readKeyring())!.active.id;
    const file = path.join(dir, KEY_FILE);
    const before = readFileSync(file, "utf8");
    // The operator restores the wrong backup: a different, valid key file.
    useFreshDataDir();
    const wrongFile = (await createKeyFile()).file!;
    await expect(boot()).rejects.toThrow(new RegExp(`key file ${wrongFile.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\) does not hold: ${sealedWith}`));
    expect(readFileSync(file, "utf8")).toBe(before);
  });
});
