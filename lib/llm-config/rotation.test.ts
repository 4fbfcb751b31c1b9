import { readFileSync, renameSync } from "node:fs";
import path from "node:path";
import { beforeEach, expect, it } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance } from "@/test/factories";
import { canary, isolatePostgres, useFreshDataDir } from "@/test/secrets";
import { CLI } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { KEY_FILE, KeyringError, readKeyring } from "@/lib/secrets/keyring";
import { ensureKeyring, keyUsage, verifyKeyring } from "@/lib/secrets/key-check";
import { rotateKeys } from "@/lib/secrets/rotate";
import { createSecret } from "@/lib/secrets/service";
import { createLlmConfig } from "./service";
import { openConfigKey } from "./store";

// LLM configuration keys are sealed rows like secrets: key rotation re-seals
// them, a key they use is never dropped, and the boot check counts them.

// Rotation re-seals every row of the database, so this file has a database of its own.
await isolatePostgres("llm_rotation");

const keyFileIds = (file: string) => (JSON.parse(readFileSync(file, "utf8")).keys as { id: string }[]).map((k) => k.id);

describeWithDatabase("LLM configuration keys and the seal keyring", () => {
  let dir: string;
  beforeEach(async () => {
    await db().llmConfig.deleteMany();
    await db().secret.deleteMany();
    dir = useFreshDataDir();
  });

  async function seed() {
    const instanceId = (await makeInstance("Rotate LLM")).id;
    const keys = { plane: canary("plane"), instance: canary("instance") };
    await createLlmConfig(null, { provider: "openai", model: "gpt-4o", api_key: keys.plane }, CLI);
    await createLlmConfig(instanceId, { provider: "anthropic", model: "claude", api_key: keys.instance }, CLI);
    const rows = async () => db().llmConfig.findMany({ orderBy: { scope: "asc" }, omit: { sealedKey: false } });
    return { instanceId, keys, rows };
  }

  it("rotation re-seals them to the new key, keeps their keys and times, and only then drops the old key", async () => {
    const { instanceId, keys, rows } = await seed();
    const old = (await readKeyring())!;
    const before = await rows();

    const result = await rotateKeys();

    expect(result).toMatchObject({ resealed: 2, removed_key_ids: [old.active.id], refused: [] });
    expect(result.llm_configs.sort()).toEqual(["control-plane", instanceId].sort());
    const after = await rows();
    after.forEach((row, i) => {
      expect(row.keyId).toBe(result.active_key_id);
      expect(row.sealedKey).not.toBe(before[i].sealedKey);
      expect(row.updatedAt).toEqual(before[i].updatedAt);
      expect(row.keyHint).toBe(before[i].keyHint);
    });
    expect(keyFileIds(old.file!)).toEqual([result.active_key_id]);
    const [plane, own] = [after.find((r) => r.instanceId === null)!, after.find((r) => r.instanceId === instanceId)!];
    expect(await openConfigKey(plane)).toBe(keys.plane);
    expect(await openConfigKey(own)).toBe(keys.instance);
  });

  it("counts them in key usage, so a key only they use stays in the key file", async () => {
    await seed();
    const ring = (await readKeyring())!;
    expect(await keyUsage()).toEqual([{ keyId: ring.active.id, rows: 2 }]);
    const instance = await makeInstance();
    await createSecret(instance.id, { name: "alongside", value: canary() }, CLI);
    expect(await keyUsage()).toEqual([{ keyId: ring.active.id, rows: 3 }]);
  });

  it("leaves a sealed key copied to another scope on its key, and reports it", async () => {
    const { instanceId, rows } = await seed();
    const old = (await readKeyring())!.active.id;
    const [plane, own] = await rows().then((r) => [r.find((x) => x.instanceId === null)!, r.find((x) => x.instanceId === instanceId)!]);
    await db().llmConfig.update({ where: { id: own.id }, data: { sealedKey: plane.sealedKey } });

    const result = await rotateKeys();
    expect(result.refused).toEqual([{ instance_id: instanceId, name: "llm-config", key_id: old }]);
    expect(result.removed_key_ids).toEqual([]);
    expect(keyFileIds((await readKeyring())!.file!).sort()).toEqual([old, result.active_key_id].sort());
    await expect(openConfigKey(own)).rejects.toMatchObject({ code: "secret_unreadable" });
  });

  it("the boot check refuses a key id the keyring lacks, and no new key is made while they exist", async () => {
    await seed();
    await db().llmConfig.updateMany({ where: { scope: "control-plane" }, data: { keyId: "deadbeef" } });
    await expect(verifyKeyring()).rejects.toThrow(/does not hold: deadbeef \(1 secret\)/);

    await db().llmConfig.updateMany({ data: { keyId: (await readKeyring())!.active.id } });
    renameSync(path.join(dir, KEY_FILE), path.join(dir, "moved-away.json"));
    await expect(ensureKeyring()).rejects.toThrow(KeyringError);
    await expect(ensureKeyring()).rejects.toThrow(/2 sealed secret\(s\)/);
  });
});
