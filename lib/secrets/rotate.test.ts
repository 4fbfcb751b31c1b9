import { CLI } from "@/lib/auth/actor";
import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance } from "@/test/factories";
import { canary, isolatePostgres, useEnvKeys, useFreshDataDir } from "@/test/secrets";
import { db } from "@/lib/db/client";
import { envEntry, generateKey, KeyringError, readKeyring, writeKeyFile } from "./keyring";
import { resolveSecretRef } from "./resolve";
import { rotateKeys } from "./rotate";
import { createSecret } from "./service";

// Rotation re-seals every row of the database, so this file has a database of its own.
await isolatePostgres("secrets_rotate");

const actor = CLI;
type Stored = { instanceId: string; name: string; value: string };

async function seed(count: number): Promise<Stored[]> {
  const [a, b] = [await makeInstance("Rotate A"), await makeInstance("Rotate B")];
  const stored: Stored[] = [];
  for (let i = 0; i < count; i++) {
    const instanceId = i % 2 === 0 ? a.id : b.id;
    const s = { instanceId, name: `rot_${i}`, value: canary(`rot${i}`) };
    await createSecret(instanceId, { name: s.name, value: s.value }, actor);
    stored.push(s);
  }
  return stored;
}

async function expectAllOpen(stored: Stored[]) {
  for (const s of stored) expect(await resolveSecretRef(s.instanceId, `secret:${s.name}`)).toBe(s.value);
}

const rowsOn = (keyId: string) => db().secret.count({ where: { keyId } });
const keyFileIds = (file: string) => (JSON.parse(readFileSync(file, "utf8")).keys as { id: string }[]).map((k) => k.id);

describeWithDatabase("seal key rotation", () => {
  beforeEach(async () => {
    await db().secret.deleteMany();
    useFreshDataDir();
  });

  describe("key file mode", () => {
    it("re-seals every row to a new key, keeps the values and drops the old key", async () => {
      const stored = await seed(5);
      const old = (await readKeyring())!;
      const before = await db().secret.findMany({ orderBy: { id: "asc" }, omit: { sealedValue: false } });

      const result = await rotateKeys({ batchSize: 2 });

      expect(result).toMatchObject({ mode: "file", generated: true, resumed: false, resealed: 5, removed_key_ids: [old.active.id], refused: [] });
      expect(result.active_key_id).not.toBe(old.active.id);
      expect(await rowsOn(old.active.id)).toBe(0);
      expect(await rowsOn(result.active_key_id)).toBe(5);
      expect(keyFileIds(old.file!)).toEqual([result.active_key_id]);
      expect(result.instances.flatMap((i) => i.names).sort()).toEqual(stored.map((s) => s.name).sort());
      await expectAllOpen(stored);
      const after = await db().secret.findMany({ orderBy: { id: "asc" }, omit: { sealedValue: false } });
      after.forEach((row, i) => {
        expect(row.sealedValue).not.toBe(before[i].sealedValue);
        expect(row.updatedAt).toEqual(before[i].updatedAt); // a re-seal is not a change of value
      });
    });

    it("is safe to run twice in a row", async () => {
      const stored = await seed(3);
      const first = await rotateKeys();
      const second = await rotateKeys();
      expect(second).toMatchObject({ generated: true, resealed: 3, removed_key_ids: [first.active_key_id] });
      expect(await rowsOn(first.active_key_id)).toBe(0);
      expect(keyFileIds((await readKeyring())!.file!)).toEqual([second.active_key_id]);
      await expectAllOpen(stored);
    });

    it("finishes after a crash halfway, without generating another key", async () => {
      const stored = await seed(6);
      const old = (await readKeyring())!.active.id;
      const crash = new Error("simulated crash after the first batch");
      await expect(
        rotateKeys({
          batchSize: 2,
          onBatch: () => {
            throw crash;
          },
        }),
      ).rejects.toBe(crash);

      // Halfway: both keys in the file, rows on both, every value still opens.
      const halfway = (await readKeyring())!;
      expect(halfway.keys.size).toBe(2);
      expect(await rowsOn(old)).toBe(4);
      expect(await rowsOn(halfway.active.id)).toBe(2);
      await expectAllOpen(stored);
      // A secret created meanwhile is sealed to the new key.
      const during = await createSecret(stored[0].instanceId, { name: "during_rotation", value: canary() }, actor);
      expect(during.key_id).toBe(halfway.active.id);

      const rerun = await rotateKeys({ batchSize: 2 });
      expect(rerun).toMatchObject({ generated: false, resumed: true, active_key_id: halfway.active.id, resealed: 4, removed_key_ids: [old] });
      expect(await rowsOn(old)).toBe(0);
      expect(keyFileIds(halfway.file!)).toEqual([halfway.active.id]);
      await expectAllOpen(stored);
    });

    it("finishes after a crash right after the new key was written", async () => {
      const stored = await seed(2);
      const ring = (await readKeyring())!;
      const next = await generateKey();
      writeKeyFile([...ring.keys.values(), next], next.id);
      const rerun = await rotateKeys();
      expect(rerun).toMatchObject({ generated: false, resumed: true, active_key_id: next.id, resealed: 2, removed_key_ids: [ring.active.id] });
      await expectAllOpen(stored);
    });

    it("leaves a row that does not open on its key, reports it, and keeps that key", async () => {
      const stored = await seed(3);
      const old = (await readKeyring())!.active.id;
      const [src, dst] = await db().secret.findMany({ where: { name: { in: ["rot_0", "rot_2"] } }, orderBy: { name: "asc" } });
      await db().$executeRawUnsafe(`UPDATE secrets SET sealed_value = (SELECT sealed_value FROM secrets WHERE id = $1) WHERE id = $2`, src.id, dst.id);

      const result = await rotateKeys();
      expect(result.refused).toEqual([{ instance_id: dst.instanceId, name: "rot_2", key_id: old }]);
      expect(result.resealed).toBe(2);
      expect(result.removed_key_ids).toEqual([]);
      expect(keyFileIds((await readKeyring())!.file!).sort()).toEqual([old, result.active_key_id].sort());
      await expectAllOpen(stored.filter((s) => s.name !== "rot_2"));

      // Once the bad row is dealt with, the next run leaves nothing on the old key.
      await db().secret.delete({ where: { id: dst.id } });
      const again = await rotateKeys();
      expect(again.refused).toEqual([]);
      expect(again.removed_key_ids.sort()).toEqual([old, result.active_key_id].sort());
      expect(await rowsOn(old)).toBe(0);
    });

    it("refuses to rotate while a row uses a key the keyring does not hold, changing nothing", async () => {
      await seed(2);
      const file = (await readKeyring())!.file!;
      await db().secret.updateMany({ where: { name: "rot_0" }, data: { keyId: "deadbeef" } });
      const before = readFileSync(file, "utf8");
      await expect(rotateKeys()).rejects.toThrow(KeyringError);
      await expect(rotateKeys()).rejects.toThrow(/does not hold: deadbeef \(1 secret\)/);
      expect(readFileSync(file, "utf8")).toBe(before);
    });
  });

  describe("PENAXTRA_SEAL_KEY mode", () => {
    it("re-seals every row to the first entry and reports the entries no row uses", async () => {
      const old = await generateKey();
      useEnvKeys([envEntry(old)]);
      const stored = await seed(4);
      const next = await generateKey();
      useEnvKeys([envEntry(next), envEntry(old)]);

      const result = await rotateKeys({ batchSize: 3 });
      expect(result).toMatchObject({ mode: "env", generated: false, active_key_id: next.id, resealed: 4, unused_key_ids: [old.id], removed_key_ids: [] });
      expect(await rowsOn(old.id)).toBe(0);
      await expectAllOpen(stored);

      // Dropping the unused entry is safe now, and a second run has nothing to do.
      useEnvKeys([envEntry(next)]);
      await expectAllOpen(stored);
      expect(await rotateKeys()).toMatchObject({ resealed: 0, unused_key_ids: [] });
    });
  });
});
