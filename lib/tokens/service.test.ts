import { beforeAll, expect, it, vi } from "vitest";
import { describeWithDatabase, spyOnDriverSql } from "@/test/db";
import { makeInstance, makeUser } from "@/test/factories";
import { mint } from "@/test/api";
import { database, db, setDatabase } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { newId } from "@/lib/ids";
import { isAppError } from "@/lib/errors";
import { createTokenSchema } from "./schema";
import { listTokens, mintToken, revokeToken, rotateToken } from "./service";
import { toAppError } from "@/lib/http/problem";
import { authenticateBearer } from "./authenticate";
import { generateToken, hashToken } from "./format";

// generateToken can be forced to repeat a token, to prove what a collision does.
const forced = vi.hoisted(() => ({ token: undefined as string | undefined }));
vi.mock("./format", async (importOriginal) => {
  const real = await importOriginal<typeof import("./format")>();
  return { ...real, generateToken: () => forced.token ?? real.generateToken() };
});

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
    expect(failed.reason.code).toBe("already_exists");
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

  it("takes a revocation written by another process into account on the very next request (with the cache off)", async () => {
    const { token, view } = await mint(instanceId, asAdmin());
    expect((await authenticateBearer(`Bearer ${token}`, null)).ok).toBe(true);
    expect((await authenticateBearer(`Bearer ${token}`, null)).ok).toBe(true);
    // Written straight to the table, the way another app process would: nothing in
    // this process hears about it, so only a fresh lookup can see it.
    await db().$executeRawUnsafe(`UPDATE "api_tokens" SET "revoked_at" = now() WHERE "id" = $1`, view.id);
    const res = await authenticateBearer(`Bearer ${token}`, null);
    expect(res.ok || res.error.code).toBe("invalid_token");
  });

  it("refuses a second token row with the same hash: the unique constraint, not luck, prevents a collision", async () => {
    const { view } = await mint(instanceId, asAdmin());
    const existing = await db().apiToken.findUniqueOrThrow({ where: { id: view.id }, omit: { tokenHash: false } });
    const duplicate = db().apiToken.create({
      data: {
        id: newId("tok"),
        instanceId,
        name: "duplicate",
        scopes: ["audit:read"],
        allowedCidrs: [],
        tokenHash: existing.tokenHash,
        shortId: existing.shortId,
        expiresInSeconds: 3600,
        expiresAt: new Date(Date.now() + 3600_000),
        createdById: admin.id,
      },
    });
    const err = await duplicate.catch((e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
    expect(await db().apiToken.count({ where: { tokenHash: existing.tokenHash } })).toBe(1);
  });

  it("a minted token that collides with an existing one fails (409 on the API) and never shadows the first", async () => {
    const token = generateToken();
    forced.token = token;
    try {
      const first = await mint(instanceId, asAdmin(), { name: "first holder" });
      expect(first.token).toBe(token);
      const err = await mint(instanceId, asAdmin(), { name: "second holder" }).catch((e: unknown) => e);
      expect(isUniqueViolation(err)).toBe(true);
      expect(toAppError(err, "req_test").code).toBe("already_exists");
      expect(await db().apiToken.count({ where: { tokenHash: hashToken(token) } })).toBe(1);
      const auth = await authenticateBearer(`Bearer ${token}`, null);
      expect(auth.ok && auth.principal.id).toBe(first.view.id);
    } finally {
      forced.token = undefined;
    }
  });

  it("refuses a token with a wrong checksum before touching the database", async () => {
    const { token } = await mint(instanceId, asAdmin());
    const real = database();
    const touched: string[] = [];
    const counting = new Proxy(real.prisma, {
      get(target, prop) {
        if (typeof prop === "string") touched.push(prop);
        return Reflect.get(target, prop);
      },
    });
    const spy = spyOnDriverSql();
    const sqlTouched = () => spy.texts().filter((t) => t.includes("api_tokens"));
    setDatabase({ ...real, prisma: counting });
    try {
      for (const i of [4, 20, 33, 39]) {
        const forged = token.slice(0, i) + (token[i] === "a" ? "b" : "a") + token.slice(i + 1);
        const res = await authenticateBearer(`Bearer ${forged}`, "203.0.113.1");
        expect(res.ok || res.error.code).toBe("invalid_token");
      }
      expect(touched).toEqual([]);
      expect(sqlTouched()).toEqual([]);
      // The counters do see lookups: a well-formed unknown token is looked up.
      const unknown = await authenticateBearer(`Bearer ${generateToken()}`, "203.0.113.1");
      expect(unknown.ok || unknown.error.code).toBe("invalid_token");
      expect(sqlTouched()).toHaveLength(1);
    } finally {
      spy.restore();
      setDatabase(real);
    }
  });
});
