import { beforeAll, describe, expect, it } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance } from "@/test/factories";
import { canary, isolatePostgres, useFreshDataDir } from "@/test/secrets";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { toAppError } from "@/lib/http/problem";
import { readKeyring } from "./keyring";
import { resolveSecretRef } from "./resolve";
import { secretViewSchema, SECRET_VALUE_MAX_BYTES } from "./schema";
import { createSecret, deleteSecret, getSecret, listSecrets, replaceSecret, setSecret } from "./service";

await isolatePostgres("secrets_service");

const alice = { kind: "user" as const, id: "usr_alice", email: "alice@example.test", name: null, isSuperadmin: false };
const bob = { kind: "user" as const, id: "usr_bob", email: "bob@example.test", name: null, isSuperadmin: false };

/** The error as the wrappers would answer it: status, code and field pointers. */
async function failure(p: Promise<unknown>) {
  const e = await p.then(
    () => {
      throw new Error("expected a failure");
    },
    (err: unknown) => err,
  );
  const app = toAppError(e, "req_test");
  return { status: app.status, code: app.code, pointers: app.extras.errors?.map((f) => f.pointer) ?? [], message: app.message, error: app };
}

describeWithDatabase("secret store", () => {
  let a: { id: string };
  let b: { id: string };
  beforeAll(async () => {
    useFreshDataDir();
    a = await makeInstance("Secrets A");
    b = await makeInstance("Secrets B");
  });

  describe("create and list", () => {
    it("seals the value, keeps a masked hint and answers a view without the value", async () => {
      const value = `sk-ant-api03-${canary()}`;
      const view = await createSecret(a.id, { name: "upstream_llm_key", value }, alice);
      expect(secretViewSchema.parse(view)).toEqual(view);
      expect(view).toMatchObject({ name: "upstream_llm_key", ref: "secret:upstream_llm_key", updated_by: alice.email, used_by: [] });
      expect(view.hint).toMatch(/^sk-ant-\.\.\..{4}$/);
      expect(view.key_id).toBe((await readKeyring())!.active.id);
      expect(JSON.stringify(view)).not.toContain(value);

      const row = await db().secret.findFirstOrThrow({ where: { id: view.id }, omit: { sealedValue: false } });
      expect(row.sealedValue).not.toContain(value);
      expect(row.keyId).toBe(view.key_id);
      expect(row.updatedById).toBe(alice.id);
      expect(await resolveSecretRef(a.id, "secret:upstream_llm_key")).toBe(value);
    });

    it("lists only the instance's own secrets, by name, without values", async () => {
      const value = canary();
      await createSecret(a.id, { name: "a_second", value }, alice);
      await createSecret(b.id, { name: "b_only", value: canary() }, alice);
      const list = await listSecrets(a.id);
      expect(list.map((s) => s.name)).toEqual(["a_second", "upstream_llm_key"]);
      for (const s of list) expect(Object.keys(s).sort()).toEqual(Object.keys(secretViewSchema.shape).sort());
      expect(JSON.stringify(list)).not.toContain(value);
      expect((await listSecrets(b.id)).map((s) => s.name)).toEqual(["b_only"]);
    });

    it("answers 409 already_exists on a duplicate name, pointing at the name", async () => {
      await createSecret(a.id, { name: "dup_name", value: canary() }, alice);
      const f = await failure(createSecret(a.id, { name: "dup_name", value: canary() }, bob));
      expect(f).toMatchObject({ status: 409, code: "already_exists", pointers: ["/name"] });
      // The same name in another instance is a different secret.
      await expect(createSecret(b.id, { name: "dup_name", value: canary() }, alice)).resolves.toMatchObject({ name: "dup_name" });
    });

    it.each([
      ["an upper-case name", { name: "Upper_Case", value: "v" }, "/name"],
      ["a name with a dot", { name: "has.dot", value: "v" }, "/name"],
      ["a name of 65 characters", { name: "x".repeat(65), value: "v" }, "/name"],
      ["an empty name", { name: "", value: "v" }, "/name"],
      ["an empty value", { name: "empty_value", value: "" }, "/value"],
      ["a blank value", { name: "blank_value", value: "   " }, "/value"],
      ["a value over 16 KiB", { name: "big_value", value: "x".repeat(SECRET_VALUE_MAX_BYTES + 1) }, "/value"],
      ["no value at all", { name: "no_value" }, "/value"],
    ])("answers 400 with a pointer for %s", async (_label, input, pointer) => {
      const f = await failure(createSecret(a.id, input, alice));
      expect(f).toMatchObject({ status: 400, code: "validation_failed" });
      expect(f.pointers).toContain(pointer);
      expect(await db().secret.count({ where: { instanceId: a.id, name: (input as { name: string }).name } })).toBe(0);
    });

    it("answers 404 for an instance that does not exist", async () => {
      expect(await failure(createSecret("ins_missing", { name: "x", value: canary() }, alice))).toMatchObject({ status: 404 });
    });
  });

  describe("replace", () => {
    it("seals the new value and records who replaced it", async () => {
      const created = await createSecret(a.id, { name: "to_replace", value: canary("old") }, alice);
      const next = `replacement-${canary("new")}`;
      const view = await replaceSecret(a.id, { name: "to_replace", value: next }, bob);
      expect(view).toMatchObject({ id: created.id, updated_by: bob.email, hint: `replace...${next.slice(-4)}` });
      expect(await resolveSecretRef(a.id, "secret:to_replace")).toBe(next);
      const row = await db().secret.findUniqueOrThrow({ where: { id: created.id } });
      expect(row.updatedById).toBe(bob.id);
    });

    it("answers 404 for an unknown name and for another instance's secret, leaving it unchanged", async () => {
      const value = canary();
      await createSecret(b.id, { name: "b_private", value }, alice);
      expect(await failure(replaceSecret(a.id, { name: "never_created", value: canary() }, bob))).toMatchObject({ status: 404, code: "not_found" });
      expect(await failure(replaceSecret(a.id, { name: "b_private", value: canary() }, bob))).toMatchObject({ status: 404, code: "not_found" });
      expect(await resolveSecretRef(b.id, "secret:b_private")).toBe(value);
    });

    it("validates the new value like a new one", async () => {
      await createSecret(a.id, { name: "replace_bad", value: canary() }, alice);
      expect(await failure(replaceSecret(a.id, { name: "replace_bad", value: "" }, bob))).toMatchObject({ status: 400, pointers: ["/value"] });
    });
  });

  describe("delete", () => {
    it("removes the secret", async () => {
      await createSecret(a.id, { name: "to_delete", value: canary() }, alice);
      await expect(deleteSecret(a.id, "to_delete")).resolves.toMatchObject({ name: "to_delete" });
      expect(await failure(getSecret(a.id, "to_delete"))).toMatchObject({ status: 404 });
      expect(await failure(deleteSecret(a.id, "to_delete"))).toMatchObject({ status: 404 });
    });

    it("answers 404 for another instance's secret and keeps it", async () => {
      await createSecret(b.id, { name: "b_keep", value: canary() }, alice);
      expect(await failure(deleteSecret(a.id, "b_keep"))).toMatchObject({ status: 404, code: "not_found" });
      expect(await getSecret(b.id, "b_keep")).toMatchObject({ name: "b_keep" });
    });

    it("answers 400 for an invalid name", async () => {
      expect(await failure(deleteSecret(a.id, "Not Valid"))).toMatchObject({ status: 400 });
    });
  });

  describe("set (the CLI's create-or-replace)", () => {
    it("creates, then replaces", async () => {
      const first = await setSecret(a.id, { name: "set_me", value: canary() }, alice);
      expect(first.created).toBe(true);
      const value = canary();
      const second = await setSecret(a.id, { name: "set_me", value }, bob);
      expect(second).toMatchObject({ created: false, secret: { id: first.secret.id, updated_by: bob.email } });
      expect(await resolveSecretRef(a.id, "secret:set_me")).toBe(value);
    });
  });

  it("never lets an AppError message carry a value", async () => {
    const value = canary();
    await createSecret(a.id, { name: "msg_check", value }, alice);
    const f = await failure(createSecret(a.id, { name: "msg_check", value }, alice));
    expect(f.error).toBeInstanceOf(AppError);
    expect(JSON.stringify({ m: f.message, x: f.error.extras })).not.toContain(value);
  });
});
