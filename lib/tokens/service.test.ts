import { beforeAll, expect, it } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance, makeUser } from "@/test/factories";
import { mint } from "@/test/api";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { createTokenSchema } from "./schema";
import { listTokens, mintToken, revokeToken, rotateToken } from "./service";
import { toAppError } from "@/lib/http/problem";
import { authenticateBearer } from "./authenticate";

describeWithDatabase("token service", () => {
  let instanceId: string;
  let admin: Awaited<ReturnType<typeof makeUser>>;
  const asAdmin = () => ({ userId: admin.id, role: "admin" as const, isSuperadmin: false });

  beforeAll(async () => {
    instanceId = (await makeInstance()).id;
    admin = await makeUser({ instanceId, role: "admin" });
  });

  it("stores only the SHA-256, never the cleartext", async () => {
    const { token, view } = await mint(instanceId, asAdmin());
    const row = await db().apiToken.findUniqueOrThrow({ where: { id: view.id }, omit: { tokenHash: false } });
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.shortId).toBe(row.tokenHash.slice(0, 8));
  });

  it("refuses scope escalation when minting", async () => {
    const member = await makeUser({ instanceId, role: "member" });
    const err = await mint(instanceId, { userId: member.id, role: "member", isSuperadmin: false }, { scopes: ["endpoints:read", "audit:read"] }).catch((e) => e);
    expect(isAppError(err) && err.code).toBe("forbidden");
    expect(String(err.message)).toContain("audit:read");
    const viewer = await makeUser({ instanceId, role: "viewer" });
    const ok = await mint(instanceId, { userId: viewer.id, role: "viewer", isSuperadmin: false }, { scopes: ["endpoints:read"] });
    expect(ok.view.scopes).toEqual(["endpoints:read"]);
  });

  it("validates names, scopes, expiry and allowlists with pointers", () => {
    const bad = createTokenSchema.safeParse({ name: "", scopes: ["admin:all"], expires_in: "2y", allowed_cidrs: "10.0.0.0/8, 300.1.1.1/8" });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join("/"));
    expect(paths).toEqual(expect.arrayContaining(["name", "scopes/0", "expires_in", "allowed_cidrs/1"]));
    expect(createTokenSchema.safeParse({ name: "x", scopes: ["audit:read"], expires_in: "366d" }).success).toBe(false);
    expect(createTokenSchema.parse({ name: "x", scopes: ["audit:read"] }).expires_in).toBe(90 * 86400);
  });

  it("answers a malformed CIDR with 400 and a pointer to the entry", () => {
    const parsed = createTokenSchema.safeParse({ name: "x", scopes: ["audit:read"], allowed_cidrs: ["10.0.0.0/8", "10.0.0.0/33"] });
    const err = toAppError(parsed.error, "req_test");
    expect(err.status).toBe(400);
    expect(err.extras.errors).toEqual([expect.objectContaining({ pointer: "/allowed_cidrs/1" })]);
  });

  it("takes a custom expiry date up to one year, and refuses the past", async () => {
    const now = new Date("2026-11-22T12:00:00Z");
    const values = createTokenSchema.parse({ name: "custom", scopes: ["audit:read"], expires_in: "custom", expires_on: "2027-01-31" });
    const { view } = await mintToken(instanceId, asAdmin(), values, now);
    expect(view.expires_at).toBe("2027-01-31T23:59:59.000Z");
    const past = createTokenSchema.parse({ name: "x", scopes: ["audit:read"], expires_in: "custom", expires_on: "2026-11-01" });
    await expect(mintToken(instanceId, asAdmin(), past, now)).rejects.toMatchObject({ code: "validation_failed" });
    const far = createTokenSchema.parse({ name: "x", scopes: ["audit:read"], expires_in: "custom", expires_on: "2028-01-01" });
    await expect(mintToken(instanceId, asAdmin(), far, now)).rejects.toMatchObject({ code: "validation_failed" });
    expect(createTokenSchema.safeParse({ name: "x", scopes: ["audit:read"], expires_in: "custom" }).success).toBe(false);
  });

  it("rotates: same name, scopes, lifetime and allowlist; both work until the old one is revoked", async () => {
    const { token: oldToken, view: old } = await mint(instanceId, asAdmin(), { name: "ci deploy", scopes: ["audit:read", "endpoints:read"], expires_in: "30d", allowed_cidrs: "203.0.113.0/24" });
    const { token: newToken, view: next } = await rotateToken(instanceId, old.id, asAdmin());
    expect(next).toMatchObject({ name: "ci deploy", scopes: old.scopes, allowed_cidrs: old.allowed_cidrs, predecessor_short_id: old.short_id });
    expect(new Date(next.expires_at).getTime() - new Date(next.created_at).getTime()).toBe(30 * 86400 * 1000);
    expect((await authenticateBearer(`Bearer ${oldToken}`, "203.0.113.1")).ok).toBe(true);
    expect((await authenticateBearer(`Bearer ${newToken}`, "203.0.113.1")).ok).toBe(true);

    await revokeToken(instanceId, old.id, asAdmin());
    const afterRevoke = await authenticateBearer(`Bearer ${oldToken}`, "203.0.113.1");
    expect(afterRevoke.ok || afterRevoke.error.code).toBe("invalid_token");
    expect((await authenticateBearer(`Bearer ${newToken}`, "203.0.113.1")).ok).toBe(true);
    const list = await listTokens(instanceId);
    expect(list.find((t) => t.id === old.id)).toMatchObject({ status: "revoked", successor_short_id: next.short_id });
  });

  it("lets only one of two concurrent rotations win", async () => {
    const { view } = await mint(instanceId, asAdmin());
    const results = await Promise.allSettled([rotateToken(instanceId, view.id, asAdmin()), rotateToken(instanceId, view.id, asAdmin())]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failed = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(failed.reason.code).toBe("conflict");
    expect(await db().apiToken.count({ where: { predecessorId: view.id } })).toBe(1);
  });

  it("refuses to rotate a revoked token, and another instance's token is not found", async () => {
    const { view } = await mint(instanceId, asAdmin());
    await revokeToken(instanceId, view.id, asAdmin());
    await expect(rotateToken(instanceId, view.id, asAdmin())).rejects.toMatchObject({ code: "conflict" });
    const other = await makeInstance();
    await expect(revokeToken(other.id, view.id, asAdmin())).rejects.toMatchObject({ code: "not_found" });
  });

  it("lets members manage only their own tokens", async () => {
    const member = await makeUser({ instanceId, role: "member" });
    const { view } = await mint(instanceId, asAdmin());
    await expect(revokeToken(instanceId, view.id, { userId: member.id, role: "member", isSuperadmin: false })).rejects.toMatchObject({ code: "forbidden" });
    const own = await mint(instanceId, { userId: member.id, role: "member", isSuperadmin: false }, { scopes: ["endpoints:read"] });
    const revoked = await revokeToken(instanceId, own.view.id, { userId: member.id, role: "member", isSuperadmin: false });
    expect(revoked.status).toBe("revoked");
  });

  it("takes revocation into account on the very next request", async () => {
    const { token, view } = await mint(instanceId, asAdmin());
    expect((await authenticateBearer(`Bearer ${token}`, null)).ok).toBe(true);
    await revokeToken(instanceId, view.id, asAdmin());
    const started = Date.now();
    const res = await authenticateBearer(`Bearer ${token}`, null);
    expect(res.ok).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
