import { CLI } from "@/lib/auth/actor";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance } from "@/test/factories";
import { canary, isolatePostgres, useEnvKeys, useFreshDataDir } from "@/test/secrets";
import { db } from "@/lib/db/client";
import { toAppError } from "@/lib/http/problem";
import { log } from "@/lib/log";
import { envEntry, generateKey } from "./keyring";
import { assertSecretRef, resolveSecretRef } from "./resolve";
import { createSecret, verifySecret } from "./service";

await isolatePostgres("secrets_resolve");

const actor = CLI;

async function failure(p: Promise<unknown>) {
  const e = await p.then(() => null, (err: unknown) => err);
  if (!e) throw new Error("expected a failure");
  const app = toAppError(e, "req_test");
  return { status: app.status, code: app.code, detail: app.message };
}

/** Copies sealed_value and key_id from one row onto another, as an attacker with database access would. */
async function copyCiphertext(fromId: string, toId: string) {
  const n = await db().$executeRawUnsafe(
    `UPDATE secrets SET sealed_value = src.sealed_value, key_id = src.key_id FROM secrets AS src WHERE src.id = $1 AND secrets.id = $2`,
    fromId,
    toId,
  );
  expect(n).toBe(1);
}

describeWithDatabase("resolveSecretRef", () => {
  let a: { id: string };
  let b: { id: string };
  beforeAll(async () => {
    useFreshDataDir();
    a = await makeInstance("Resolve A");
    b = await makeInstance("Resolve B");
  });
  afterEach(() => vi.restoreAllMocks());

  it("opens the value behind secret:<name>", async () => {
    const value = canary();
    await createSecret(a.id, { name: "resolve_me", value }, actor);
    expect(await resolveSecretRef(a.id, "secret:resolve_me")).toBe(value);
    await expect(assertSecretRef(a.id, "secret:resolve_me")).resolves.toBeUndefined();
  });

  it("answers 422 secret_ref_unknown for a name that does not exist", async () => {
    const f = await failure(resolveSecretRef(a.id, "secret:nowhere"));
    expect(f).toMatchObject({ status: 422, code: "secret_ref_unknown" });
    expect(f.detail).toContain("secret:nowhere");
    expect(await failure(assertSecretRef(a.id, "secret:nowhere"))).toMatchObject({ status: 422, code: "secret_ref_unknown" });
  });

  it("answers 422 for a malformed reference without echoing it (it may be a pasted value)", async () => {
    for (const ref of ["sk-live-0123456789abcdef", "secret:", "secret:UPPER", "upstream_llm_key"]) {
      const f = await failure(resolveSecretRef(a.id, ref));
      expect(f).toMatchObject({ status: 422, code: "secret_ref_unknown" });
      expect(f.detail).toBe("A secret reference has the form secret:<name>; create the secret under Settings → Secrets first");
    }
  });

  it("treats another instance's secret exactly like one that does not exist", async () => {
    await createSecret(b.id, { name: "only_in_b", value: canary() }, actor);
    const empty = await makeInstance("Resolve empty");
    const crossed = await failure(resolveSecretRef(a.id, "secret:only_in_b"));
    const missing = await failure(resolveSecretRef(empty.id, "secret:only_in_b"));
    expect(crossed).toEqual(missing);
    expect(crossed).toMatchObject({ status: 422, code: "secret_ref_unknown" });
    expect(await failure(assertSecretRef(a.id, "secret:only_in_b"))).toEqual(await failure(assertSecretRef(empty.id, "secret:only_in_b")));
  });

  describe("ciphertext copied in the database", () => {
    it("refuses a row holding another row's ciphertext in the same instance, leaking neither value", async () => {
      const [v1, v2] = [canary("one"), canary("two")];
      const one = await createSecret(a.id, { name: "copy_src", value: v1 }, actor);
      const two = await createSecret(a.id, { name: "copy_dst", value: v2 }, actor);
      const logged = [vi.spyOn(log, "error"), vi.spyOn(log, "warn"), vi.spyOn(log, "info")];
      await copyCiphertext(one.id, two.id);

      const f = await failure(resolveSecretRef(a.id, "secret:copy_dst"));
      expect(f).toMatchObject({ status: 500, code: "secret_unreadable" });
      expect(f.detail).toContain("secret:copy_dst could not be opened");
      expect(JSON.stringify(f)).not.toContain(v1);
      expect(JSON.stringify(f)).not.toContain(v2);
      expect(await failure(verifySecret(a.id, "copy_dst"))).toMatchObject({ code: "secret_unreadable" });
      // The source row is untouched and still opens.
      expect(await resolveSecretRef(a.id, "secret:copy_src")).toBe(v1);
      const calls = JSON.stringify(logged.map((s) => s.mock.calls));
      expect(calls).toContain("sealed secret refused to open");
      expect(calls).not.toContain(v1);
    });

    it("refuses ciphertext copied to the same name in another instance", async () => {
      const [va, vb] = [canary("a"), canary("b")];
      const inA = await createSecret(a.id, { name: "same_name", value: va }, actor);
      const inB = await createSecret(b.id, { name: "same_name", value: vb }, actor);
      await copyCiphertext(inA.id, inB.id);
      const f = await failure(resolveSecretRef(b.id, "secret:same_name"));
      expect(f).toMatchObject({ status: 500, code: "secret_unreadable" });
      expect(JSON.stringify(f)).not.toContain(va);
      expect(await resolveSecretRef(a.id, "secret:same_name")).toBe(va);
    });

    it("refuses two rows whose ciphertexts were swapped", async () => {
      const x = await createSecret(a.id, { name: "swap_x", value: canary() }, actor);
      const y = await createSecret(a.id, { name: "swap_y", value: canary() }, actor);
      await db().$executeRawUnsafe(
        `UPDATE secrets SET sealed_value = CASE WHEN id = $1 THEN (SELECT sealed_value FROM secrets WHERE id = $2) ELSE (SELECT sealed_value FROM secrets WHERE id = $1) END WHERE id IN ($1, $2)`,
        x.id,
        y.id,
      );
      expect(await failure(resolveSecretRef(a.id, "secret:swap_x"))).toMatchObject({ code: "secret_unreadable" });
      expect(await failure(resolveSecretRef(a.id, "secret:swap_y"))).toMatchObject({ code: "secret_unreadable" });
    });

    it("refuses a row whose key id was changed to another key in the keyring", async () => {
      const first = await generateKey();
      const second = await generateKey();
      useEnvKeys([envEntry(first), envEntry(second)]);
      const value = canary();
      const row = await createSecret(a.id, { name: "key_id_moved", value }, actor);
      expect(row.key_id).toBe(first.id);
      await db().secret.update({ where: { id: row.id }, data: { keyId: second.id } });
      const f = await failure(resolveSecretRef(a.id, "secret:key_id_moved"));
      expect(f).toMatchObject({ code: "secret_unreadable" });
      expect(JSON.stringify(f)).not.toContain(value);
      useFreshDataDir();
    });
  });
});
