import { beforeAll, expect, it } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance, makeUser } from "@/test/factories";
import { mint } from "@/test/api";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { authenticateBearer } from "./authenticate";
import { createPlatformTokenSchema, type CreatePlatformTokenInput } from "./schema";
import { listPlatformTokens, mintPlatformToken, revokePlatformToken, type PlatformActor } from "./platform";
import { getToken, listTokens, revokeToken } from "./service";

// Platform tokens through the real service and database: only superadmins
// mint and revoke them, they live in no instance, and the two kinds of token
// never show up in each other's lists or actions.

describeWithDatabase("platform token service", () => {
  let superadmin: PlatformActor;
  let instanceId: string;
  let owner: { userId: string; role: "owner"; isSuperadmin: false };

  const values = (input: Partial<CreatePlatformTokenInput> = {}) => createPlatformTokenSchema.parse({ name: "platform", ...input });

  beforeAll(async () => {
    superadmin = { userId: (await makeUser({ isSuperadmin: true })).id, isSuperadmin: true };
    instanceId = (await makeInstance("Platform tokens")).id;
    owner = { userId: (await makeUser({ instanceId, role: "owner" })).id, role: "owner", isSuperadmin: false };
  });

  it("mints a token with no instance and no scopes; only its hash is stored; it authenticates as a platform principal", async () => {
    const now = new Date();
    const { token, view } = await mintPlatformToken(superadmin, values({ name: "terraform", allowed_cidrs: "203.0.113.0/24, 203.0.113.9/24", rate_limit_per_minute: "120" }), now);
    expect(view).toEqual({
      id: expect.stringMatching(/^tok_/),
      name: "terraform",
      short_id: expect.stringMatching(/^[0-9a-f]{8}$/),
      allowed_cidrs: ["203.0.113.0/24"],
      rate_limit_per_minute: 120,
      created_by: { id: superadmin.userId, email: expect.any(String) },
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + 90 * 86400 * 1000).toISOString(),
      last_used_at: null,
      revoked_at: null,
      status: "active",
    });
    const row = await db().apiToken.findUniqueOrThrow({ where: { id: view.id }, omit: { tokenHash: false } });
    expect(row).toMatchObject({ instanceId: null, scopes: [], createdById: superadmin.userId });
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.shortId).toBe(row.tokenHash.slice(0, 8));

    const auth = await authenticateBearer(`Bearer ${token}`, "203.0.113.7");
    expect(auth).toMatchObject({ ok: true, principal: { kind: "token", id: view.id, instanceId: null, scopes: [], isSuperadmin: true, rateLimitPerMinute: 120 } });
  });

  it("takes no scopes: the schema has none, so any sent are dropped", async () => {
    const parsed = createPlatformTokenSchema.parse({ name: "x", scopes: ["endpoints:write"] });
    expect(parsed).not.toHaveProperty("scopes");
    const { view } = await mintPlatformToken(superadmin, parsed);
    expect((await db().apiToken.findUniqueOrThrow({ where: { id: view.id } })).scopes).toEqual([]);
  });

  it("refuses anyone but a superadmin, and stores nothing", async () => {
    const before = await db().apiToken.count({ where: { instanceId: null } });
    const err = await mintPlatformToken({ userId: owner.userId, isSuperadmin: false }, values()).catch((e: unknown) => e);
    expect(isAppError(err) && err.code).toBe("forbidden");
    expect(await db().apiToken.count({ where: { instanceId: null } })).toBe(before);
  });

  it("follows the workspace token's expiry rules: presets and durations, a custom day, at most one year", async () => {
    const now = new Date("2026-11-22T12:00:00Z");
    expect((await mintPlatformToken(superadmin, values({ expires_in: "12h" }), now)).view.expires_at).toBe("2026-11-23T00:00:00.000Z");
    expect((await mintPlatformToken(superadmin, values({ expires_in: "custom", expires_on: "2027-01-31" }), now)).view.expires_at).toBe("2027-01-31T23:59:59.000Z");
    await expect(mintPlatformToken(superadmin, values({ expires_in: "custom", expires_on: "2026-11-01" }), now)).rejects.toMatchObject({ code: "validation_failed" });
    await expect(mintPlatformToken(superadmin, values({ expires_in: "custom", expires_on: "2028-01-01" }), now)).rejects.toMatchObject({ code: "validation_failed" });
    expect(createPlatformTokenSchema.safeParse({ name: "x", expires_in: "366d" }).success).toBe(false);
    expect(createPlatformTokenSchema.safeParse({ name: "x", expires_in: "custom" }).error?.issues.map((i) => i.path.join("/"))).toEqual(["expires_on"]);
    const bad = createPlatformTokenSchema.safeParse({ name: "", allowed_cidrs: "10.0.0.0/33", rate_limit_per_minute: "0" });
    expect(bad.error?.issues.map((i) => i.path.join("/"))).toEqual(expect.arrayContaining(["name", "allowed_cidrs/0", "rate_limit_per_minute"]));
  });

  it("holds a rate limit to the configured ceiling", async () => {
    await expect(mintPlatformToken(superadmin, values({ rate_limit_per_minute: "10001" }))).rejects.toMatchObject({
      code: "validation_failed",
      extras: { errors: [expect.objectContaining({ pointer: "/rate_limit_per_minute" })] },
    });
  });

  it("lists platform tokens newest first, never a workspace token; the workspace list never shows a platform token", async () => {
    const older = await mintPlatformToken(superadmin, values({ name: "older" }), new Date(Date.now() + 60_000));
    const newer = await mintPlatformToken(superadmin, values({ name: "newer" }), new Date(Date.now() + 120_000));
    const workspace = await mint(instanceId, owner, { name: "workspace" });

    const platform = await listPlatformTokens();
    expect(platform.slice(0, 2).map((t) => t.id)).toEqual([newer.view.id, older.view.id]);
    expect(platform.map((t) => t.id)).not.toContain(workspace.view.id);
    expect(platform.every((t) => !("scopes" in t))).toBe(true);
    const text = JSON.stringify(platform);
    expect(text).not.toContain(newer.token);
    expect(text).not.toMatch(/token_?hash/i);

    const inInstance = await listTokens(instanceId);
    expect(inInstance.map((t) => t.id)).toEqual([workspace.view.id]);
  });

  it("revokes idempotently; the token stops authenticating", async () => {
    const { token, view } = await mintPlatformToken(superadmin, values({ name: "revoke me" }));
    const revokedAt = new Date(Date.now() - 1000);
    const first = await revokePlatformToken(superadmin, view.id, revokedAt);
    expect(first).toMatchObject({ id: view.id, status: "revoked", revoked_at: revokedAt.toISOString() });
    const again = await revokePlatformToken(superadmin, view.id);
    expect(again.revoked_at).toBe(revokedAt.toISOString());
    expect(await authenticateBearer(`Bearer ${token}`, null)).toMatchObject({ ok: false, error: { code: "invalid_token" } });
  });

  it("refuses a non-superadmin's revocation, and leaves the token live", async () => {
    const { view } = await mintPlatformToken(superadmin, values());
    await expect(revokePlatformToken({ userId: owner.userId, isSuperadmin: false }, view.id)).rejects.toMatchObject({ code: "forbidden" });
    expect((await db().apiToken.findUniqueOrThrow({ where: { id: view.id } })).revokedAt).toBeNull();
  });

  it("keeps the two kinds apart: neither revocation reaches the other kind (404), nor does getToken", async () => {
    const platform = await mintPlatformToken(superadmin, values());
    const workspace = await mint(instanceId, owner);
    await expect(revokePlatformToken(superadmin, workspace.view.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(revokeToken(instanceId, platform.view.id, owner)).rejects.toMatchObject({ code: "not_found" });
    await expect(getToken(instanceId, platform.view.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(revokePlatformToken(superadmin, "tok_doesnotexist")).rejects.toMatchObject({ code: "not_found" });
    const rows = await db().apiToken.findMany({ where: { id: { in: [platform.view.id, workspace.view.id] } } });
    expect(rows.map((r) => r.revokedAt)).toEqual([null, null]);
  });

  it("stops authenticating while its creator is no longer a superadmin", async () => {
    const creator = await makeUser({ isSuperadmin: true });
    const { token } = await mintPlatformToken({ userId: creator.id, isSuperadmin: true }, values());
    expect((await authenticateBearer(`Bearer ${token}`, null)).ok).toBe(true);
    await db().user.update({ where: { id: creator.id }, data: { isSuperadmin: false } });
    expect(await authenticateBearer(`Bearer ${token}`, null)).toMatchObject({ ok: false, error: { code: "invalid_token" }, countsAsFailure: true });
  });
});
