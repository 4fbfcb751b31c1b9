import { beforeAll, expect, it, vi } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance, makeUser } from "@/test/factories";
import { mint } from "@/test/api";
import type { UserActor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { flushAudit } from "@/lib/audit/writer";
import { authenticateBearer } from "./authenticate";

// Admin → Platform tokens: the server actions through the real wrapper
// (superadminAction), service and database. Only the request (headers,
// session, cache) is stood in for.

const request = vi.hoisted(() => ({ user: null as UserActor | null }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-penaxtra-peer-ip": "192.0.2.61" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("@/lib/auth/session", () => ({ currentUser: async () => request.user, currentSessionId: async () => null }));

const { mintPlatformTokenAction, revokePlatformTokenAction } = await import("@/app/(console)/app/[instanceId]/admin/platform-tokens/actions");

describeWithDatabase("platform token console actions", () => {
  let boss: UserActor;
  let owner: UserActor;
  let instanceId: string;

  beforeAll(async () => {
    instanceId = (await makeInstance("Platform actions")).id;
    boss = await makeUser({ isSuperadmin: true });
    owner = await makeUser({ instanceId, role: "owner" });
  });

  const auditOf = async (userId: string, action: string) => {
    await flushAudit();
    return db().auditEvent.findMany({ where: { actorId: userId, action }, orderBy: { createdAt: "asc" } });
  };

  it("mints for a superadmin: the cleartext once in the answer, audited in the control-plane log without it", async () => {
    request.user = boss;
    const res = await mintPlatformTokenAction({ name: "pipeline", expires_in: "30d", allowed_cidrs: "", rate_limit_per_minute: "" });
    if (!res.ok) throw new Error(res.error.message);
    expect(res.data).toEqual({ token: expect.stringMatching(/^pnx_/), short_id: expect.stringMatching(/^[0-9a-f]{8}$/), expires_at: expect.any(String) });
    expect(await authenticateBearer(`Bearer ${res.data.token}`, null)).toMatchObject({ ok: true, principal: { instanceId: null } });
    const rows = await auditOf(boss.id, "platform_token.create");
    expect(rows.map((r) => [r.instanceId, r.target, r.status])).toEqual([[null, `pipeline (${res.data.short_id})`, 200]]);
    expect(JSON.stringify(rows)).not.toContain(res.data.token);
  });

  it("answers field errors with pointers for a bad form", async () => {
    request.user = boss;
    const res = await mintPlatformTokenAction({ name: "", expires_in: "custom", allowed_cidrs: "10.0.0.0/33" });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe("validation_failed");
    expect(res.error.fields?.map((f) => f.pointer)).toEqual(["/name", "/allowed_cidrs/0"]);
  });

  it("refuses a workspace owner: forbidden, nothing minted or revoked, audited in the control-plane log", async () => {
    request.user = boss;
    const live = await mintPlatformTokenAction({ name: "keep", expires_in: "7d", allowed_cidrs: "" });
    if (!live.ok) throw new Error(live.error.message);
    const before = await db().apiToken.count({ where: { instanceId: null } });

    request.user = owner;
    expect(await mintPlatformTokenAction({ name: "sneaky", allowed_cidrs: "" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    const id = (await db().apiToken.findFirstOrThrow({ where: { shortId: live.data.short_id } })).id;
    expect(await revokePlatformTokenAction({ token_id: id })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await db().apiToken.count({ where: { instanceId: null } })).toBe(before);
    expect((await db().apiToken.findUniqueOrThrow({ where: { id } })).revokedAt).toBeNull();
    expect((await auditOf(owner.id, "platform_token.create")).map((r) => [r.instanceId, r.status])).toEqual([[null, 403]]);
  });

  it("revokes (again is fine) and audits it; a workspace token's id is not found", async () => {
    request.user = boss;
    const minted = await mintPlatformTokenAction({ name: "short lived", expires_in: "1d", allowed_cidrs: "" });
    if (!minted.ok) throw new Error(minted.error.message);
    const id = (await db().apiToken.findFirstOrThrow({ where: { shortId: minted.data.short_id } })).id;
    expect(await revokePlatformTokenAction({ token_id: id })).toEqual({ ok: true, data: { short_id: minted.data.short_id } });
    expect(await revokePlatformTokenAction({ token_id: id })).toEqual({ ok: true, data: { short_id: minted.data.short_id } });
    expect(await authenticateBearer(`Bearer ${minted.data.token}`, null)).toMatchObject({ ok: false, error: { code: "invalid_token" } });

    const workspace = await mint(instanceId, { userId: owner.id, role: "owner", isSuperadmin: false });
    expect(await revokePlatformTokenAction({ token_id: workspace.view.id })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect((await db().apiToken.findUniqueOrThrow({ where: { id: workspace.view.id } })).revokedAt).toBeNull();

    const rows = await auditOf(boss.id, "platform_token.revoke");
    expect(rows.map((r) => [r.instanceId, r.target, r.status])).toEqual([
      [null, `short lived (${minted.data.short_id})`, 200],
      [null, `short lived (${minted.data.short_id})`, 200],
      [null, workspace.view.id, 404],
    ]);
  });
});
