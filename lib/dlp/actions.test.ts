import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance, makeUser } from "@/test/factories";
import type { UserActor as SessionUser } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { flushAudit } from "@/lib/audit/writer";
import { listDlpRules } from "./service";

// The settings page's server actions through the real action wrapper: admins
// and owners change rules, viewers and members only read; each change audited.

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-penaxtra-peer-ip": "192.0.2.20" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("@/lib/auth/session", () => ({ currentUser: async () => session.user }));

const { createDlpRuleAction, deleteDlpRuleAction, updateDlpRuleAction } = await import("@/app/(console)/app/[instanceId]/settings/dlp/actions");

describeWithDatabase("DLP console actions", () => {
  let instanceId: string;
  const users = {} as Record<"viewer" | "member" | "admin" | "outsider", SessionUser>;
  // Queued audit rows are written before the suite closes its database (a flush racing the close would hold a connection).
  afterAll(() => flushAudit());

  beforeAll(async () => {
    instanceId = (await makeInstance("DLP actions")).id;
    for (const role of ["viewer", "member", "admin"] as const) users[role] = await makeUser({ instanceId, role });
    users.outsider = await makeUser({ instanceId: (await makeInstance("Elsewhere")).id, role: "owner" });
  });

  it("refuses viewers and members (forbidden) and outsiders (not_found)", async () => {
    for (const who of ["viewer", "member"] as const) {
      session.user = users[who];
      expect(await createDlpRuleAction(instanceId, { name: "x", pattern: "x" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
      expect(await updateDlpRuleAction(instanceId, { id: "builtin:email", enabled: false })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    }
    session.user = users.outsider;
    expect(await updateDlpRuleAction(instanceId, { id: "builtin:email", enabled: false })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect((await listDlpRules(instanceId)).every((r) => r.enabled)).toBe(true);
  });

  it("lets an admin switch a built-in, and create, edit and delete a pattern; audited with the rule id", async () => {
    session.user = users.admin;
    expect(await updateDlpRuleAction(instanceId, { id: "builtin:email", action: "report" })).toMatchObject({ ok: true, data: { action: "report" } });
    const bad = await createDlpRuleAction(instanceId, { name: "Bad", pattern: "(" });
    expect(bad).toMatchObject({ ok: false, error: { code: "validation_failed", fields: [{ pointer: "/pattern" }] } });
    const created = await createDlpRuleAction(instanceId, { name: "Codes", pattern: "ACME-\\d+", action: "report" });
    if (!created.ok) throw new Error(created.error.message);
    expect(await updateDlpRuleAction(instanceId, { id: created.data.id, name: "Customer codes" })).toMatchObject({ ok: true, data: { name: "Customer codes" } });
    expect(await deleteDlpRuleAction(instanceId, { id: created.data.id })).toMatchObject({ ok: true });
    await flushAudit();
    const rows = await db().auditEvent.findMany({ where: { instanceId, actorId: users.admin.id, action: { startsWith: "dlp_rule." }, status: 200 } });
    expect(rows.map((r) => `${r.action} ${r.target}`).sort()).toEqual(
      [`dlp_rule.create ${created.data.id}`, `dlp_rule.delete ${created.data.id}`, "dlp_rule.update builtin:email", `dlp_rule.update ${created.data.id}`].sort(),
    );
  });
});
