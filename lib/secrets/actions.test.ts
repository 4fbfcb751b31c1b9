import { beforeAll, describe, expect, it, vi } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance, makeUser } from "@/test/factories";
import { canary, isolatePostgres, useFreshDataDir } from "@/test/secrets";
import type { UserActor as SessionUser } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { flushAudit } from "@/lib/audit/writer";
import { resolveSecretRef } from "./resolve";

// The console's server actions through the real action wrapper: who may do
// what, what is audited, and that no answer carries a value. Only the request
// (headers, session, cache) is stood in for.

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-penaxtra-peer-ip": "192.0.2.10" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("@/lib/auth/session", () => ({ currentUser: async () => session.user }));

const { createSecretAction, deleteSecretAction, replaceSecretAction, verifySecretAction } = await import(
  "@/app/(console)/app/[instanceId]/settings/secrets/actions"
);

await isolatePostgres("secrets_actions");

const as = (user: SessionUser) => {
  session.user = user;
};

describeWithDatabase("secrets console actions", () => {
  let instanceId: string;
  const users = {} as Record<"viewer" | "member" | "admin" | "owner" | "outsider" | "superadmin", SessionUser>;
  beforeAll(async () => {
    useFreshDataDir();
    instanceId = (await makeInstance("Actions")).id;
    for (const role of ["viewer", "member", "admin", "owner"] as const) users[role] = await makeUser({ instanceId, role });
    users.outsider = await makeUser({ instanceId: (await makeInstance("Elsewhere")).id, role: "owner" });
    users.superadmin = await makeUser({ isSuperadmin: true });
  });

  describe("roles", () => {
    it("lets members and above create, not viewers or outsiders", async () => {
      as(users.viewer);
      expect(await createSecretAction(instanceId, { name: "by_viewer", value: canary() })).toMatchObject({ ok: false, error: { code: "forbidden" } });
      as(users.outsider);
      expect(await createSecretAction(instanceId, { name: "by_outsider", value: canary() })).toMatchObject({ ok: false, error: { code: "not_found" } });
      as(users.member);
      const value = canary();
      const res = await createSecretAction(instanceId, { name: "by_member", value });
      expect(res).toEqual({ ok: true, data: { name: "by_member", ref: "secret:by_member", hint: expect.stringMatching(/^pnx-can\.\.\..{4}$/) } });
      expect(JSON.stringify(res)).not.toContain(value);
      expect(await db().secret.count({ where: { instanceId, name: { in: ["by_viewer", "by_outsider"] } } })).toBe(0);
    });

    it("keeps replace, delete and check for admins and above", async () => {
      for (const role of ["viewer", "member"] as const) {
        as(users[role]);
        expect(await replaceSecretAction(instanceId, { name: "by_member", value: canary() })).toMatchObject({ ok: false, error: { code: "forbidden" } });
        expect(await deleteSecretAction(instanceId, { name: "by_member" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
        expect(await verifySecretAction(instanceId, { name: "by_member" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
      }
      as(users.admin);
      const value = canary();
      const replaced = await replaceSecretAction(instanceId, { name: "by_member", value });
      expect(replaced).toMatchObject({ ok: true, data: { name: "by_member" } });
      expect(JSON.stringify(replaced)).not.toContain(value);
      expect(await resolveSecretRef(instanceId, "secret:by_member")).toBe(value);
      const checked = await verifySecretAction(instanceId, { name: "by_member" });
      expect(checked).toEqual({ ok: true, data: { name: "by_member", key_id: expect.stringMatching(/^[0-9a-f]{8}$/) } });
      as(users.superadmin);
      expect(await deleteSecretAction(instanceId, { name: "by_member" })).toEqual({ ok: true, data: { name: "by_member" } });
    });
  });

  describe("bad input", () => {
    it("answers a field error for an invalid name, and for a duplicate", async () => {
      as(users.owner);
      const invalid = await createSecretAction(instanceId, { name: "Bad Name!", value: canary() });
      expect(invalid).toMatchObject({ ok: false, error: { code: "validation_failed", fields: [{ pointer: "/name" }] } });
      await createSecretAction(instanceId, { name: "twice", value: canary() });
      const dup = await createSecretAction(instanceId, { name: "twice", value: canary() });
      expect(dup).toMatchObject({ ok: false, error: { code: "already_exists", fields: [{ pointer: "/name", message: "This name is taken in this workspace" }] } });
    });

    it("answers a field error for an empty or oversized value", async () => {
      as(users.owner);
      expect(await createSecretAction(instanceId, { name: "empty", value: "" })).toMatchObject({ ok: false, error: { fields: [{ pointer: "/value", message: "Enter a value" }] } });
      const big = await createSecretAction(instanceId, { name: "big", value: "v".repeat(16 * 1024 + 1) });
      expect(big).toMatchObject({ ok: false, error: { fields: [{ pointer: "/value", message: "The value is larger than 16 KiB" }] } });
    });
  });

  it("audits every create, replace and delete with the name only", async () => {
    as(users.admin);
    const [v1, v2] = [canary(), canary()];
    const since = new Date();
    await createSecretAction(instanceId, { name: "audited", value: v1 });
    await replaceSecretAction(instanceId, { name: "audited", value: v2 });
    await deleteSecretAction(instanceId, { name: "audited" });
    await createSecretAction(instanceId, { name: "Not Valid", value: v1 });
    await flushAudit();
    const rows = await db().auditEvent.findMany({ where: { instanceId, actorId: users.admin.id, createdAt: { gte: since } }, orderBy: { createdAt: "asc" } });
    expect(rows).toHaveLength(4);
    expect(rows.map((r) => [r.action, r.target, r.status])).toEqual(
      expect.arrayContaining([
        ["secret.create", "audited", 200],
        ["secret.replace", "audited", 200],
        ["secret.delete", "audited", 200],
        ["secret.create", null, 400],
      ]),
    );
    expect(rows.every((r) => r.actorLabel === users.admin.email && r.clientIp === "192.0.2.10")).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(v1);
    expect(JSON.stringify(rows)).not.toContain(v2);
  });
});
