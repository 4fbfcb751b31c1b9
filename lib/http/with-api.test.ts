import { afterEach, beforeAll, expect, it } from "vitest";
import { z } from "zod";
import { describeWithDatabase } from "@/test/db";
import { makeInstance, makeUser } from "@/test/factories";
import { call, freshIp, mint, testRoute } from "@/test/api";
import { db } from "@/lib/db/client";
import { flushAudit } from "@/lib/audit/writer";
import { recordAudit } from "@/lib/audit/service";
import { resetConfigForTests } from "@/lib/config";
import { withApi } from "./with-api";
import { json } from "./respond";
import { GET as selfRoute } from "@/app/api/v2/tokens/self/route";
import { GET as auditRoute } from "@/app/api/v2/audit/route";
import { GET as auditEventRoute } from "@/app/api/v2/audit/[id]/route";
import { generateToken } from "@/lib/tokens/format";

const echo = withApi(testRoute({ auth: "token", scope: "endpoints:write", body: z.object({ name: z.string().max(10) }) }), async ({ body }) => json(body));

async function problem(res: Response) {
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  return (await res.json()) as { status: number; code: string; errors?: { pointer: string }[] };
}

describeWithDatabase("withApi: the seed 003 error semantics", () => {
  let instanceId: string;
  let admin: Awaited<ReturnType<typeof makeUser>>;
  const minter = () => ({ userId: admin.id, role: "admin" as const, isSuperadmin: false });

  beforeAll(async () => {
    instanceId = (await makeInstance()).id;
    admin = await makeUser({ instanceId, role: "admin" });
  });

  afterEach(() => {
    delete process.env.PENAXTRA_TRUSTED_PROXIES;
    resetConfigForTests();
  });

  it("401 missing_token without an Authorization header", async () => {
    const res = await call(selfRoute, { path: "/api/v2/tokens/self", ip: freshIp() });
    expect(res.status).toBe(401);
    expect((await problem(res)).code).toBe("missing_token");
  });

  it("401 invalid_token for unknown, malformed, forged-checksum and revoked tokens", async () => {
    const { token } = await mint(instanceId, minter());
    const forged = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    for (const bad of [generateToken(), "pnx_short", "not-a-token", forged]) {
      const res = await call(selfRoute, { path: "/api/v2/tokens/self", token: bad, ip: freshIp() });
      expect(res.status).toBe(401);
      expect((await problem(res)).code).toBe("invalid_token");
    }
    await db().apiToken.updateMany({ where: { instanceId }, data: { revokedAt: new Date() } });
    const res = await call(selfRoute, { path: "/api/v2/tokens/self", token, ip: freshIp() });
    expect((await problem(res)).code).toBe("invalid_token");
  });

  it("401 expired_token one second after expiry", async () => {
    const { token, view } = await mint(instanceId, minter(), { expires_in: "30s" });
    await db().apiToken.update({ where: { id: view.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const res = await call(selfRoute, { path: "/api/v2/tokens/self", token, ip: freshIp() });
    expect(res.status).toBe(401);
    expect((await problem(res)).code).toBe("expired_token");
  });

  it("403 missing_scope when the token lacks the route's scope", async () => {
    const { token } = await mint(instanceId, minter(), { scopes: ["endpoints:read"] });
    const res = await call(auditRoute, { path: "/api/v2/audit", token, ip: freshIp() });
    expect(res.status).toBe(403);
    expect((await problem(res)).code).toBe("missing_scope");
  });

  it("403 ip_not_allowed outside the allowlist; IPv4-mapped IPv6 peers match IPv4 ranges", async () => {
    const { token } = await mint(instanceId, minter(), { allowed_cidrs: "203.0.113.0/24, 2001:db8::/32" });
    const outside = await call(selfRoute, { path: "/api/v2/tokens/self", token, ip: "198.51.100.9" });
    expect(outside.status).toBe(403);
    expect((await problem(outside)).code).toBe("ip_not_allowed");
    for (const ip of ["203.0.113.7", "::ffff:203.0.113.7", "2001:db8::42"]) {
      expect((await call(selfRoute, { path: "/api/v2/tokens/self", token, ip })).status).toBe(200);
    }
  });

  it("believes X-Forwarded-For only from a trusted proxy", async () => {
    const { token } = await mint(instanceId, minter(), { allowed_cidrs: "203.0.113.0/24" });
    const spoof = { "x-forwarded-for": "203.0.113.7" };
    const untrusted = await call(selfRoute, { path: "/api/v2/tokens/self", token, ip: "198.51.100.20", headers: spoof });
    expect((await problem(untrusted)).code).toBe("ip_not_allowed");

    process.env.PENAXTRA_TRUSTED_PROXIES = "10.0.0.0/8";
    resetConfigForTests();
    const viaProxy = await call(selfRoute, { path: "/api/v2/tokens/self", token, ip: "::ffff:10.1.2.3", headers: { "x-forwarded-for": "198.51.100.1, 203.0.113.7" } });
    expect(viaProxy.status).toBe(200);
    const chained = await call(selfRoute, { path: "/api/v2/tokens/self", token, ip: "10.1.2.3", headers: { "x-forwarded-for": "203.0.113.7, 198.51.100.1" } });
    expect((await problem(chained)).code).toBe("ip_not_allowed");
  });

  it("refuses a token in the query string, even a valid one", async () => {
    const { token } = await mint(instanceId, minter());
    for (const path of [`/api/v2/tokens/self?access_token=${token}`, `/api/v2/audit?cursor=${token}`]) {
      const res = await call(selfRoute, { path, token, ip: freshIp() });
      expect(res.status).toBe(400);
      expect((await problem(res)).code).toBe("token_in_query");
    }
  });

  it("answers 413 to a 1 MB body and 400 with a pointer to a bad field", async () => {
    const { token } = await mint(instanceId, minter(), { scopes: ["endpoints:write"] });
    const big = JSON.stringify({ name: "x".repeat(1024 * 1024) });
    const tooLarge = await call(echo, { path: "/echo", method: "POST", token, body: big, headers: { "content-type": "application/json" }, ip: freshIp() });
    expect(tooLarge.status).toBe(413);
    expect((await problem(tooLarge)).code).toBe("payload_too_large");
    const invalid = await call(echo, { path: "/echo", method: "POST", token, body: JSON.stringify({ name: "far too long a name" }), headers: { "content-type": "application/json" }, ip: freshIp() });
    const p = await problem(invalid);
    expect(p.code).toBe("validation_failed");
    expect(p.errors?.[0].pointer).toBe("/name");
  });

  it("throttles brute force of bearer tokens from one IP", async () => {
    const ip = freshIp();
    const codes: number[] = [];
    for (let i = 0; i < 32; i++) codes.push((await call(selfRoute, { path: "/api/v2/tokens/self", token: generateToken(), ip })).status);
    expect(codes.slice(0, 30).every((c) => c === 401)).toBe(true);
    const last = await call(selfRoute, { path: "/api/v2/tokens/self", token: generateToken(), ip });
    expect(last.status).toBe(429);
    expect((await problem(last)).code).toBe("rate_limited");
    expect(Number(last.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(last.headers.get("ratelimit")).toMatch(/^"auth-failures";r=0;t=\d+$/);
    // A valid token from the throttled IP is refused too until the window passes.
    const { token } = await mint(instanceId, minter());
    expect((await call(selfRoute, { path: "/api/v2/tokens/self", token, ip })).status).toBe(429);
  });

  it("advertises the failed-authentication budget on refused requests", async () => {
    const ip = freshIp();
    const missing = await call(selfRoute, { path: "/api/v2/tokens/self", ip });
    expect(missing.headers.get("ratelimit-policy")).toBe('"auth-failures";q=30;w=60');
    expect(missing.headers.get("ratelimit")).toMatch(/^"auth-failures";r=30;t=\d+$/);
    const invalid = await call(selfRoute, { path: "/api/v2/tokens/self", token: generateToken(), ip });
    expect(invalid.headers.get("ratelimit")).toMatch(/^"auth-failures";r=29;t=\d+$/);
  });

  it("rate limits per token with IETF headers on every response and 429 past the limit", async () => {
    const { token } = await mint(instanceId, minter(), { rate_limit_per_minute: "3" });
    const ip = freshIp();
    for (let i = 0; i < 3; i++) {
      const ok = await call(selfRoute, { path: "/api/v2/tokens/self", token, ip });
      expect(ok.status).toBe(200);
      expect(ok.headers.get("ratelimit-policy")).toBe('"per-token";q=3;w=60');
      expect(ok.headers.get("ratelimit")).toMatch(new RegExp(`^"per-token";r=${2 - i};t=\\d+$`));
    }
    const limited = await call(selfRoute, { path: "/api/v2/tokens/self", token, ip });
    expect(limited.status).toBe(429);
    expect((await problem(limited)).code).toBe("rate_limited");
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(limited.headers.get("ratelimit")).toMatch(/^"per-token";r=0;t=\d+$/);
  });

  it("refuses X-Instance-Id from a non-superadmin token, and another instance's objects are 404", async () => {
    const other = await makeInstance("Other");
    const otherAdmin = await makeUser({ instanceId: other.id, role: "admin" });
    const { token: otherToken } = await mint(other.id, { userId: otherAdmin.id, role: "admin", isSuperadmin: false });
    await call(selfRoute, { path: "/api/v2/tokens/self", token: otherToken, ip: freshIp() });
    await flushAudit();
    const foreignEvent = await db().auditEvent.findFirstOrThrow({ where: { instanceId: other.id } });

    const { token } = await mint(instanceId, minter());
    const switched = await call(auditRoute, { path: "/api/v2/audit", token, ip: freshIp(), headers: { "x-instance-id": other.id } });
    expect(switched.status).toBe(403);
    expect((await problem(switched)).code).toBe("instance_header_forbidden");
    const foreign = await call(auditEventRoute, { path: `/api/v2/audit/${foreignEvent.id}`, token, ip: freshIp(), params: { id: foreignEvent.id } });
    expect(foreign.status).toBe(404);
    expect((await problem(foreign)).code).toBe("not_found");
  });

  it("lets a superadmin token switch instance with X-Instance-Id: the data comes from the switched instance", async () => {
    const home = await makeInstance("Home");
    const other = await makeInstance("Switched");
    const boss = await makeUser({ instanceId: home.id, role: "owner", isSuperadmin: true });
    const seed = (instanceId: string, target: string) =>
      recordAudit({ instanceId, actor: { kind: "system", job: "seed" }, action: "test.seed", target });
    seed(home.id, "home-1");
    seed(home.id, "home-2");
    seed(other.id, "other-1");
    seed(other.id, "other-2");
    seed(other.id, "other-3");
    await flushAudit();
    const { token } = await mint(home.id, { userId: boss.id, role: "owner", isSuperadmin: true });
    const seeded = async (headers: Record<string, string>) => {
      const res = await call(auditRoute, { path: "/api/v2/audit?action=test.seed", token, ip: freshIp(), headers });
      expect(res.status).toBe(200);
      return ((await res.json()).data as { target: string }[]).map((e) => e.target).sort();
    };

    expect(await seeded({ "x-instance-id": other.id })).toEqual(["other-1", "other-2", "other-3"]);
    expect(await seeded({})).toEqual(["home-1", "home-2"]);
    expect(await seeded({ "x-instance-id": home.id })).toEqual(["home-1", "home-2"]);
    const missing = await call(auditRoute, { path: "/api/v2/audit", token, ip: freshIp(), headers: { "x-instance-id": "ins_00000000000000000000" } });
    expect(missing.status).toBe(404);
    expect((await problem(missing)).code).toBe("not_found");
  });

  it("narrows a token to what its creator's role allows today, and kills it when they leave", async () => {
    const user = await makeUser({ instanceId, role: "admin" });
    const { token } = await mint(instanceId, { userId: user.id, role: "admin", isSuperadmin: false }, { scopes: ["audit:read", "endpoints:read"] });
    await db().membership.updateMany({ where: { userId: user.id }, data: { role: "viewer" } });
    const self = await call(selfRoute, { path: "/api/v2/tokens/self", token, ip: freshIp() });
    expect((await self.json()).scopes).toEqual(["endpoints:read"]);
    expect((await call(auditRoute, { path: "/api/v2/audit", token, ip: freshIp() })).status).toBe(403);
    await db().membership.deleteMany({ where: { userId: user.id } });
    expect((await problem(await call(selfRoute, { path: "/api/v2/tokens/self", token, ip: freshIp() }))).code).toBe("invalid_token");
  });

  it("writes one audit row per token request, with the short id and no query string or token", async () => {
    const { token, view } = await mint(instanceId, minter());
    const res = await call(auditRoute, { path: "/api/v2/audit?limit=5&outcome=2xx", token, ip: "203.0.113.50" });
    expect(res.status).toBe(200);
    await call(auditRoute, { path: "/api/v2/audit?limit=abc", token, ip: "203.0.113.50" });
    await flushAudit();
    const rows = await db().auditEvent.findMany({ where: { tokenShortId: view.short_id }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => [r.method, r.path, r.status, r.outcome, r.clientIp])).toEqual([
      ["GET", "/api/v2/audit", 200, "2xx", "203.0.113.50"],
      ["GET", "/api/v2/audit", 400, "4xx", "203.0.113.50"],
    ]);
    expect(JSON.stringify(rows)).not.toContain(token);
    const used = await db().apiToken.findUniqueOrThrow({ where: { id: view.id } });
    expect(Math.abs(used.lastUsedAt!.getTime() - Date.now())).toBeLessThan(60_000);
  });
});
