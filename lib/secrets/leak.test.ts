import { CLI } from "@/lib/auth/actor";
import { readFileSync } from "node:fs";
import { afterAll, expect, it, vi } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance, makeUser } from "@/test/factories";
import { canary, isolatePostgres, useFreshDataDir } from "@/test/secrets";
import type { UserActor as SessionUser } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { flushAudit } from "@/lib/audit/writer";
import { log } from "@/lib/log";
import { readKeyring } from "./keyring";
import { resolveSecretRef } from "./resolve";
import { rotateKeys } from "./rotate";
import { createSecret, listSecrets, setSecret } from "./service";

// Every value this suite uses goes through every path that touches secrets:
// the console actions (successes, refusals, bad input), the service, the
// resolver (including a refused copied ciphertext) and a rotation. Afterwards
// the whole database (every text column of every table, audit_events
// included), every log call and every answer are searched for the values in
// cleartext, base64 and hex. They may exist only sealed.

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("next/headers", () => ({ headers: async () => new Headers() }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("@/lib/auth/session", () => ({ currentUser: async () => session.user }));

const actions = await import("@/app/(console)/app/[instanceId]/settings/secrets/actions");

await isolatePostgres("secrets_leak");

const LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"] as const;
const serialize = (x: unknown) => JSON.stringify(x, (_k, v) => (v instanceof Error ? { message: v.message, stack: v.stack, cause: v.cause } : v));

async function dumpDatabase(): Promise<string> {
  const tables = await db().$queryRawUnsafe<{ table_name: string }[]>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(["secrets", "audit_events", "users", "instances"]));
  const parts: string[] = [];
  for (const { table_name } of tables) {
    const rows = await db().$queryRawUnsafe<{ row: string }[]>(`SELECT t::text AS row FROM "${table_name}" AS t`);
    parts.push(`## ${table_name}`, ...rows.map((r) => r.row));
  }
  return parts.join("\n");
}

const encodings = (v: string) => [v, Buffer.from(v).toString("base64"), Buffer.from(v).toString("base64url"), Buffer.from(v).toString("hex")];

describeWithDatabase("secret values at rest, in logs and in answers", () => {
  afterAll(() => vi.restoreAllMocks());

  it("are found only sealed", async () => {
    useFreshDataDir();
    const spies = LEVELS.map((level) => vi.spyOn(log, level));
    const values: string[] = [];
    const v = (label: string) => {
      const value = `sk-test-${canary(label)}`;
      values.push(value);
      return value;
    };
    const answers: unknown[] = [];
    const a = (await makeInstance("Leak A")).id;
    const b = (await makeInstance("Leak B")).id;
    const admin = await makeUser({ instanceId: a, role: "admin" });
    const member = await makeUser({ instanceId: a, role: "member" });
    const viewer = await makeUser({ instanceId: a, role: "viewer" });

    session.user = member;
    answers.push(await actions.createSecretAction(a, { name: "leak_one", value: v("created") }));
    answers.push(await actions.createSecretAction(a, { name: "Bad Name", value: v("invalid-name") }));
    answers.push(await actions.createSecretAction(a, { name: "leak_one", value: v("duplicate") }));
    answers.push(await actions.replaceSecretAction(a, { name: "leak_one", value: v("member-replace") }));
    session.user = viewer;
    answers.push(await actions.createSecretAction(a, { name: "by_viewer", value: v("viewer-create") }));
    session.user = admin;
    const current = v("replaced");
    answers.push(await actions.replaceSecretAction(a, { name: "leak_one", value: current }));
    answers.push(await actions.replaceSecretAction(a, { name: "nope", value: v("replace-missing") }));
    answers.push(await actions.createSecretAction(a, { name: "to_delete", value: v("deleted") }));
    answers.push(await actions.deleteSecretAction(a, { name: "to_delete" }));
    answers.push(await actions.verifySecretAction(a, { name: "leak_one" }));
    answers.push(await actions.createSecretAction(a, { name: "leak_big", value: `${v("oversized")}${"x".repeat(16 * 1024)}` }));

    const other = v("instance-b");
    await createSecret(b, { name: "leak_one", value: other }, CLI);
    await setSecret(b, { name: "leak_set", value: v("set") }, CLI);
    answers.push(await listSecrets(a), await listSecrets(b));

    // A ciphertext copied across instances is refused (and logged) without its value.
    const rows = await db().secret.findMany({ where: { name: "leak_one" }, omit: { sealedValue: false } });
    const [inA, inB] = [rows.find((r) => r.instanceId === a)!, rows.find((r) => r.instanceId === b)!];
    await db().secret.update({ where: { id: inB.id }, data: { sealedValue: inA.sealedValue } });
    answers.push(await resolveSecretRef(b, "secret:leak_one").catch((e: Error) => ({ message: e.message })));
    expect(await resolveSecretRef(a, "secret:leak_one")).toBe(current);

    answers.push(await rotateKeys());
    expect(await resolveSecretRef(a, "secret:leak_one")).toBe(current);
    await flushAudit();

    const dump = await dumpDatabase();
    const logs = serialize(spies.map((s) => s.mock.calls));
    const said = serialize(answers);
    // The search can fail: the names, the audit trail and the refusal are there.
    expect(dump).toContain("leak_one");
    expect(dump).toContain("secret.replace");
    expect(logs).toContain("sealed secret refused to open");
    for (const value of values) {
      for (const encoded of encodings(value)) {
        expect(dump.includes(encoded), `database holds ${value}`).toBe(false);
        expect(logs.includes(encoded), `logs hold ${value}`).toBe(false);
        expect(said.includes(encoded), `an answer holds ${value}`).toBe(false);
      }
    }
    // Nor is the private key anywhere in the database or the logs.
    const keyFile = JSON.parse(readFileSync((await readKeyring())!.file!, "utf8")) as { keys: { private_key: string }[] };
    for (const k of keyFile.keys) {
      expect(dump).not.toContain(k.private_key);
      expect(logs).not.toContain(k.private_key);
    }
  });
});
