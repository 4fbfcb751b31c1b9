import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance, makeUser } from "@/test/factories";
import { call, freshIp, mint } from "@/test/api";
import type { UserActor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { flushAudit } from "@/lib/audit/writer";
import { listAuditEvents } from "@/lib/audit/service";
import { auditQuerySchema } from "@/lib/audit/schema";
import { resetConfigForTests } from "@/lib/config";
import { GET as selfRoute } from "@/app/api/v2/tokens/self/route";

// Server actions through the real wrapper (lib/http/with-action.ts): an
// instance id from the client is checked (shape, then membership) before it
// is used anywhere, a refused call is audited in the control-plane log and
// never in the instance it aimed at, every signed-in user has a request
// budget, and public actions have one per client (IPv6 by /64). Only the
// request (headers, session, cache) is stood in for.

const request = vi.hoisted(() => ({ user: null as UserActor | null, ip: "192.0.2.44" }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-penaxtra-peer-ip": request.ip }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("@/lib/auth/session", () => ({ currentUser: async () => request.user, currentSessionId: async () => null }));

const { mintTokenAction, revokeTokenAction } = await import("@/app/(console)/app/[instanceId]/settings/tokens/actions");
const { inviteMemberAction } = await import("@/app/(console)/app/[instanceId]/settings/members/actions");
const { createInstanceAction, renameInstanceAction } = await import("@/app/(console)/app/[instanceId]/admin/instances/actions");
const { setupAction } = await import("@/app/(auth)/setup/actions");

/** Distinct IPv6 /64s for each run of a suite (the in-memory budgets outlive a suite). */
let v6Net = 0x100;

const as = (user: UserActor) => {
  request.user = user;
};

/** The values a replayed action request can carry in place of an instance id. */
const POISONED_IDS: unknown[] = [123, "x".repeat(8 * 1024), {}, null, ["ins_00000000000000000000"], "ins_\u0000", "ins_short", "' OR 1=1 --"];

/**
 * Holds the writer's periodic flush until the next flushAudit(), so every row
 * queued meanwhile is written in one batch: the worst case for a poisoned row,
 * made certain rather than left to timing.
 */
async function holdAuditFlush(): Promise<void> {
  await flushAudit(); // creates the queue state
  const state = (globalThis as { __penaxtraAudit?: { timer?: NodeJS.Timeout } }).__penaxtraAudit!;
  state.timer = setTimeout(() => undefined, 60_000);
}

/** Waits, when needed, so the next few seconds stay in one clock minute (refusals are counted per minute). */
async function withinOneMinute(): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 10_000) await new Promise((r) => setTimeout(r, left + 100));
}

describeWithDatabase("server actions: instance ids, refusals and budgets", () => {
  let tenantA: string;
  let tenantB: string;
  const users = {} as Record<"admin" | "viewer" | "outsider" | "superadmin", UserActor>;
  const minter = (u: UserActor, role: "admin" | "viewer" | "owner") => ({ userId: u.id, role, isSuperadmin: u.isSuperadmin });

  beforeAll(async () => {
    tenantA = (await makeInstance("Victim")).id;
    tenantB = (await makeInstance("Attacker")).id;
    users.admin = await makeUser({ instanceId: tenantA, role: "admin" });
    users.viewer = await makeUser({ instanceId: tenantA, role: "viewer" });
    users.outsider = await makeUser({ instanceId: tenantB, role: "owner" });
    users.superadmin = await makeUser({ isSuperadmin: true });
  });

  afterEach(() => {
    request.ip = "192.0.2.44";
    delete process.env.PENAXTRA_RATE_LIMIT_PER_MINUTE;
    resetConfigForTests();
  });

  const auditOf = async (actorId: string, action: string, since: Date) => {
    await flushAudit();
    return db().auditEvent.findMany({ where: { actorId, action, createdAt: { gte: since } }, orderBy: { createdAt: "asc" } });
  };

  describe("a replayed action with a poisoned instance id", () => {
    it("is refused as not_found, changes nothing, and is audited in the control-plane log", async () => {
      const { view } = await mint(tenantA, minter(users.admin, "admin"));
      for (const who of [users.admin, users.outsider]) {
        as(who);
        const since = new Date();
        for (const poison of POISONED_IDS) {
          const res = await revokeTokenAction(poison as string, { token_id: view.id });
          expect(res, JSON.stringify(poison)?.slice(0, 40)).toMatchObject({ ok: false, error: { code: "not_found" } });
        }
        const rows = await auditOf(who.id, "token.revoke", since);
        expect(rows).toHaveLength(POISONED_IDS.length);
        expect(rows.map((r) => [r.instanceId, r.status])).toEqual(POISONED_IDS.map(() => [null, 404]));
      }
      expect((await db().apiToken.findUniqueOrThrow({ where: { id: view.id } })).revokedAt).toBeNull();
    });

    it("costs another tenant's concurrent token requests none of their audit rows (4 of 4)", async () => {
      const tenantC = (await makeInstance("Bystander")).id;
      const owner = await makeUser({ instanceId: tenantC, role: "owner" });
      const { token, view } = await mint(tenantC, minter(owner, "owner"));
      as(users.outsider);
      await holdAuditFlush();
      const since = new Date();
      const [answers, replays] = await Promise.all([
        Promise.all([1, 2, 3, 4].map(() => call(selfRoute, { path: "/api/v2/tokens/self", token, ip: freshIp() }))),
        Promise.all(POISONED_IDS.map((poison) => revokeTokenAction(poison as string, { token_id: view.id }))),
      ]);
      expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      expect(replays.every((r) => !r.ok && r.error.code === "not_found")).toBe(true);
      await flushAudit();
      const tenantRows = await db().auditEvent.findMany({ where: { instanceId: tenantC, tokenShortId: view.short_id, createdAt: { gte: since } } });
      expect(tenantRows.map((r) => [r.action, r.status])).toEqual([1, 2, 3, 4].map(() => ["api.request", 200]));
      const replayRows = await auditOf(users.outsider.id, "token.revoke", since);
      expect(replayRows.map((r) => r.instanceId)).toEqual(POISONED_IDS.map(() => null));
    });
  });

  it("answers an outsider naming another tenant's (well-formed) id not_found, audited in the control plane, not in that tenant's log", async () => {
    const { view } = await mint(tenantA, minter(users.admin, "admin"));
    as(users.outsider);
    const since = new Date();
    expect(await revokeTokenAction(tenantA, { token_id: view.id })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await mintTokenAction(tenantA, { name: "planted", scopes: ["endpoints:read"], allowed_cidrs: [] })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await inviteMemberAction(tenantA, { email: "accomplice@example.test", role: "owner" })).toMatchObject({ ok: false, error: { code: "not_found" } });

    expect((await db().apiToken.findUniqueOrThrow({ where: { id: view.id } })).revokedAt).toBeNull();
    expect(await db().apiToken.count({ where: { instanceId: tenantA, name: "planted" } })).toBe(0);
    expect(await db().invitation.count({ where: { instanceId: tenantA } })).toBe(0);
    await flushAudit();
    const rows = await db().auditEvent.findMany({ where: { actorId: users.outsider.id, createdAt: { gte: since } } });
    expect(rows.map((r) => [r.action, r.instanceId, r.status]).sort()).toEqual([
      ["member.invite", null, 404],
      ["token.create", null, 404],
      ["token.revoke", null, 404],
    ]);
    expect(await db().auditEvent.count({ where: { instanceId: tenantA, actorId: users.outsider.id } })).toBe(0);
  });

  it("answers a member whose role lacks the permission forbidden, audited in their own instance", async () => {
    as(users.viewer);
    const since = new Date();
    expect(await inviteMemberAction(tenantA, { email: "friend@example.test", role: "viewer" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await db().invitation.count({ where: { instanceId: tenantA } })).toBe(0);
    const rows = await auditOf(users.viewer.id, "member.invite", since);
    expect(rows.map((r) => [r.instanceId, r.status])).toEqual([[tenantA, 403]]);
  });

  it("puts a superadmin's instance create and rename in the control-plane log; a non-superadmin is refused there too", async () => {
    as(users.superadmin);
    const created = await createInstanceAction({ name: "Made by the control plane" });
    expect(created.ok).toBe(true);
    const id = created.ok ? created.data.id : "";
    expect(await renameInstanceAction({ instance_id: id, name: "Renamed by the control plane" })).toMatchObject({ ok: true });
    as(users.outsider);
    expect(await renameInstanceAction({ instance_id: tenantA, name: "Hijacked" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    await flushAudit();

    const controlPlane = async (actor: string, action: string) =>
      (await listAuditEvents(null, auditQuerySchema.parse({ actor, action, limit: 200 }))).data.map((e) => [e.action, e.status, e.target]);
    expect(await controlPlane(users.superadmin.id, "instance.create")).toContainEqual(["instance.create", 200, expect.stringContaining(id)]);
    expect(await controlPlane(users.superadmin.id, "instance.rename")).toContainEqual(["instance.rename", 200, expect.stringContaining(id)]);
    // Refused before its input is read: the row names no target the caller chose.
    expect(await controlPlane(users.outsider.id, "instance.rename")).toEqual([["instance.rename", 403, null]]);
    expect((await db().instance.findUniqueOrThrow({ where: { id: tenantA } })).name).not.toBe("Hijacked");
  });

  it("rate limits actions per user (PENAXTRA_RATE_LIMIT_PER_MINUTE), other users unaffected; the refusals are counted into one row", async () => {
    process.env.PENAXTRA_RATE_LIMIT_PER_MINUTE = "5";
    resetConfigForTests();
    await withinOneMinute();
    const busy = await makeUser({ instanceId: tenantA, role: "member" });
    const calm = await makeUser({ instanceId: tenantA, role: "member" });
    as(busy);
    const since = new Date();
    const codes: string[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await revokeTokenAction(tenantA, { token_id: "tok_00000000000000000000" });
      codes.push(res.ok ? "ok" : res.error.code);
    }
    expect(codes).toEqual([...Array(5).fill("not_found"), ...Array(3).fill("rate_limited")]);
    as(calm);
    expect(await revokeTokenAction(tenantA, { token_id: "tok_00000000000000000000" })).toMatchObject({ ok: false, error: { code: "not_found" } });

    const rows = await auditOf(busy.id, "token.revoke", since);
    expect(rows.filter((r) => r.status === 404)).toHaveLength(5);
    expect(rows.filter((r) => r.status === 429).map((r) => r.count)).toEqual([3]);
  });

  describe("public actions (first-run setup)", () => {
    const setupInput = (n: number) => ({ email: `late-${n}@example.test`, password: "a-long-enough-password", instance_name: "Too late" });

    it("allow 20 calls a minute per client IP: the 21st is rate_limited, another IP is not", async () => {
      request.ip = freshIp();
      const codes: string[] = [];
      for (let i = 0; i < 21; i++) {
        const res = await setupAction(setupInput(i));
        codes.push(res.ok ? "ok" : res.error.code);
      }
      expect(codes).toEqual([...Array(20).fill("not_found"), "rate_limited"]);
      request.ip = freshIp();
      expect(await setupAction(setupInput(99))).toMatchObject({ ok: false, error: { code: "not_found" } });
    });

    it("give the IPv6 addresses of one /64 one budget, and another /64 its own", async () => {
      v6Net += 2;
      const prefix = `2001:db8:${(process.pid % 0xffff).toString(16)}:${v6Net.toString(16)}`;
      const codes: string[] = [];
      for (let i = 1; i <= 21; i++) {
        request.ip = `${prefix}::${i.toString(16)}:${((i * 7919) % 0xffff).toString(16)}`;
        const res = await setupAction(setupInput(i));
        codes.push(res.ok ? "ok" : res.error.code);
      }
      expect(codes).toEqual([...Array(20).fill("not_found"), "rate_limited"]);
      request.ip = `${prefix}:ffff:ffff:ffff:fffe`;
      expect(await setupAction(setupInput(22))).toMatchObject({ ok: false, error: { code: "rate_limited" } });
      request.ip = `2001:db8:${(process.pid % 0xffff).toString(16)}:${(v6Net + 1).toString(16)}::1`;
      expect(await setupAction(setupInput(23))).toMatchObject({ ok: false, error: { code: "not_found" } });
    });
  });
});
