import { randomBytes } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { encode } from "next-auth/jwt";
import { describeWithDatabase } from "@/test/db";
import { makeInstance, makeUser } from "@/test/factories";
import { call, freshIp, mint, testRoute } from "@/test/api";
import type { UserActor } from "@/lib/auth/actor";
import { createSession, endSession } from "@/lib/auth/sessions";
import { authSecret } from "@/lib/auth/secret";
import { db } from "@/lib/db/client";
import { flushAudit } from "@/lib/audit/writer";
import { resetConfigForTests } from "@/lib/config";
import { mintPlatformToken } from "@/lib/tokens/platform";
import { createPlatformTokenSchema, type CreatePlatformTokenInput } from "@/lib/tokens/schema";
import { withApi } from "./with-api";
import { json } from "./respond";
import { GET as listEndpoints } from "@/app/api/v2/endpoints/route";
import { GET as tokenSelf } from "@/app/api/v2/tokens/self/route";

// The superadmin route mode (auth: "superadmin") as browsers, scripts and
// attackers meet it: real session rows and next-auth cookies, real platform
// and workspace tokens, on both databases; status, code and the audit row.

process.env.NEXTAUTH_SECRET = randomBytes(48).toString("base64url");
resetConfigForTests();

const probe = withApi(testRoute({ auth: "superadmin", auditAction: "test.superadmin" }), async ({ instanceId, principal, setAuditTarget }) => {
  setAuditTarget("probe");
  return json({ instance_id: instanceId, kind: principal.kind, id: principal.id });
});
const UNAUTHORIZED = "Invalid or missing authorization credentials";
const FORBIDDEN = "Only admin users may do this";
const worded = withApi(testRoute({ auth: "superadmin", authErrors: { unauthorized: UNAUTHORIZED, forbidden: FORBIDDEN } }), async () => json({}));

type Who = { token?: string; cookie?: string; headers?: Record<string, string>; ip?: string };

function send(handler: typeof probe, who: Who, method = "GET", path = "/test") {
  const headers: Record<string, string> = { host: "localhost", ...(who.cookie && { cookie: who.cookie }), ...who.headers };
  return call(handler, { path, method, token: who.token, ip: who.ip ?? freshIp(), headers });
}

async function expectProblem(res: Response, status: number, code: string) {
  const body = (await res.json()) as { code: string; detail: string; errors?: { pointer: string }[] };
  expect(res.status, JSON.stringify(body)).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  expect(body.code).toBe(code);
  return body;
}

/** A signed-in browser: a real session row and next-auth's signed cookie naming it. */
async function signIn(user: UserActor) {
  const sid = await createSession(user.id);
  const jwt = await encode({ token: { sid }, secret: authSecret() });
  return { sid, jwt, cookie: `next-auth.session-token=${jwt}` };
}

const SAME_ORIGIN = { origin: "http://localhost", "sec-fetch-site": "same-origin" };

describeWithDatabase("superadmin route mode", () => {
  let instanceId: string;
  let boss: UserActor;
  let member: UserActor;
  const platform = async (input: Partial<CreatePlatformTokenInput> = {}, creator = boss) =>
    mintPlatformToken({ userId: creator.id, isSuperadmin: creator.isSuperadmin }, createPlatformTokenSchema.parse({ name: "platform", ...input }));

  beforeAll(async () => {
    instanceId = (await makeInstance("Superadmin mode")).id;
    boss = await makeUser({ instanceId, role: "owner", isSuperadmin: true });
    member = await makeUser({ instanceId, role: "owner" });
  });

  afterEach(() => {
    delete process.env.NEXTAUTH_URL;
    resetConfigForTests();
  });

  /** The audit rows of one request, once the queue is written (a refusal: when it opened its minute's row). */
  const auditOf = async (res: Response) => {
    await flushAudit();
    return db().auditEvent.findMany({ where: { requestId: res.headers.get("x-request-id")! } });
  };

  /** An actor's refusals: [log, status] per row, and how many requests they count. */
  const refusalsOf = async (actorId: string) => {
    await flushAudit();
    const rows = await db().auditEvent.findMany({ where: { actorId } });
    return { logs: [...new Set(rows.map((r) => `${r.instanceId}|${r.actorType}|${r.status}`))], requests: rows.reduce((n, r) => n + r.count, 0) };
  };

  describe("a console session", () => {
    it("lets a superadmin GET without an Origin, and POST from the same host; audited in the control-plane log as the user", async () => {
      const { cookie } = await signIn(boss);
      const read = await send(probe, { cookie });
      expect(await read.json()).toEqual({ instance_id: null, kind: "user", id: boss.id });
      expect(read.headers.get("ratelimit-policy")).toMatch(/^"per-user"/);
      const write = await send(probe, { cookie, headers: SAME_ORIGIN }, "POST");
      expect(write.status).toBe(200);
      // Browsers that send no Sec-Fetch-Site are judged by Origin alone.
      expect((await send(probe, { cookie, headers: { origin: "http://localhost" } }, "DELETE")).status).toBe(200);
      expect((await auditOf(write)).map((r) => [r.instanceId, r.actorType, r.actorId, r.action, r.target, r.status])).toEqual([
        [null, "user", boss.id, "test.superadmin", "probe", 200],
      ]);
    });

    it("refuses an unsafe method from another site, from no Origin at all, or that a browser calls cross-site (403 cross_site_request)", async () => {
      const victim = await makeUser({ isSuperadmin: true });
      const { cookie } = await signIn(victim);
      const refusals: Record<string, string>[] = [
        { origin: "https://evil.example" },
        { origin: "http://localhost.evil.example" },
        { origin: "http://localhost:8443" },
        { origin: "null" },
        {},
        { origin: "http://localhost", "sec-fetch-site": "cross-site" },
        { origin: "http://localhost", "sec-fetch-site": "same-site" },
        { "sec-fetch-site": "same-origin" },
      ];
      for (const headers of refusals) {
        for (const method of ["POST", "PUT", "PATCH", "DELETE"]) await expectProblem(await send(probe, { cookie, headers }, method), 403, "cross_site_request");
      }
      // Audited in the control-plane log, as the user: counted, not a row per request.
      expect(await refusalsOf(victim.id)).toEqual({ logs: ["null|user|403"], requests: refusals.length * 4 });
    });

    it("accepts the Origin of NEXTAUTH_URL behind a proxy that rewrites Host", async () => {
      process.env.NEXTAUTH_URL = "http://console.example.test";
      resetConfigForTests();
      const { cookie } = await signIn(boss);
      const viaProxy = await send(probe, { cookie, headers: { host: "10.0.0.5:3000", origin: "http://console.example.test" } }, "POST");
      expect(viaProxy.status).toBe(200);
      await expectProblem(await send(probe, { cookie, headers: { host: "10.0.0.5:3000", origin: "http://other.example.test" } }, "POST"), 403, "cross_site_request");
    });

    it("reads a cookie next-auth split into chunks", async () => {
      const { jwt } = await signIn(boss);
      const half = Math.floor(jwt.length / 2);
      const cookie = `other=1; next-auth.session-token.0=${jwt.slice(0, half)}; next-auth.session-token.1=${jwt.slice(half)}`;
      expect((await send(probe, { cookie })).status).toBe(200);
    });

    it("answers 403 superadmin_required to a non-superadmin's session, on safe and unsafe methods", async () => {
      const owner = await makeUser({ instanceId, role: "owner" });
      const { cookie } = await signIn(owner);
      await expectProblem(await send(probe, { cookie }), 403, "superadmin_required");
      await expectProblem(await send(probe, { cookie, headers: { ...SAME_ORIGIN, "x-instance-id": instanceId } }, "POST"), 403, "superadmin_required");
      // In the control-plane log, never in the instance the request named.
      expect(await refusalsOf(owner.id)).toEqual({ logs: ["null|user|403"], requests: 2 });
    });

    it("answers 401 once the session row is gone (signed out) or expired, and to a forged or foreign cookie", async () => {
      const ended = await signIn(boss);
      await endSession(ended.sid);
      await expectProblem(await send(probe, { cookie: ended.cookie }), 401, "missing_token");
      const expired = await signIn(boss);
      await db().session.update({ where: { id: expired.sid }, data: { expiresAt: new Date(Date.now() - 1000) } });
      await expectProblem(await send(probe, { cookie: expired.cookie }), 401, "missing_token");
      const foreign = await encode({ token: { sid: (await signIn(boss)).sid }, secret: randomBytes(48).toString("base64url") });
      for (const cookie of [`next-auth.session-token=${foreign}`, "next-auth.session-token=garbage", "next-auth.session-token="]) {
        await expectProblem(await send(probe, { cookie }), 401, "missing_token");
      }
    });

    it("answers 401 missing_token with no credentials at all, and audits nobody", async () => {
      const res = await send(probe, {});
      await expectProblem(res, 401, "missing_token");
      expect(await auditOf(res)).toEqual([]);
    });

    it("acts on the instance X-Instance-Id names, audited in its log", async () => {
      const { cookie } = await signIn(boss);
      const res = await send(probe, { cookie, headers: { ...SAME_ORIGIN, "x-instance-id": instanceId } }, "POST");
      expect(await res.json()).toMatchObject({ instance_id: instanceId, kind: "user" });
      expect((await auditOf(res)).map((r) => [r.instanceId, r.actorId, r.action])).toEqual([[instanceId, boss.id, "test.superadmin"]]);
    });

    it("never upgrades a bearer token: with an Authorization header the cookie is not read", async () => {
      const { cookie } = await signIn(boss);
      const workspace = await mint(instanceId, { userId: boss.id, role: "owner", isSuperadmin: true });
      await expectProblem(await send(probe, { cookie, token: workspace.token }), 403, "superadmin_required");
      await expectProblem(await send(probe, { cookie, headers: { authorization: "Basic Zm9vOmJhcg==" } }), 401, "invalid_token");
    });
  });

  describe("a platform token", () => {
    it("is accepted; without X-Instance-Id it acts on the control plane, audited there with the token as actor", async () => {
      const { token, view } = await platform();
      const res = await send(probe, { token }, "POST");
      expect(await res.json()).toEqual({ instance_id: null, kind: "token", id: view.id });
      expect(res.headers.get("ratelimit-policy")).toMatch(/^"per-token"/);
      const rows = await auditOf(res);
      expect(rows.map((r) => [r.instanceId, r.actorType, r.actorId, r.tokenShortId, r.actorInstanceId, r.action, r.status])).toEqual([
        [null, "token", view.id, view.short_id, null, "test.superadmin", 200],
      ]);
      expect(JSON.stringify(rows)).not.toContain(token);
      expect((await db().apiToken.findUniqueOrThrow({ where: { id: view.id } })).lastUsedAt).not.toBeNull();
    });

    it("acts on the instance X-Instance-Id names, audited in that instance's log", async () => {
      const { token, view } = await platform();
      const res = await send(probe, { token, headers: { "x-instance-id": instanceId } }, "POST");
      expect(await res.json()).toMatchObject({ instance_id: instanceId, kind: "token" });
      expect((await auditOf(res)).map((r) => [r.instanceId, r.tokenShortId, r.status])).toEqual([[instanceId, view.short_id, 200]]);
    });

    it("answers 400 to a malformed X-Instance-Id and 404 to an unknown one", async () => {
      const { token } = await platform();
      for (const bad of ["not-an-id", "ins_", "tok_00000000000000000000", `${instanceId}'--`]) {
        const body = await expectProblem(await send(probe, { token, headers: { "x-instance-id": bad } }), 400, "validation_failed");
        expect(body.errors?.map((e) => e.pointer)).toEqual(["/headers/x-instance-id"]);
      }
      const res = await send(probe, { token, headers: { "x-instance-id": "ins_00000000000000000000" } });
      await expectProblem(res, 404, "not_found");
      expect((await auditOf(res)).map((r) => [r.instanceId, r.status])).toEqual([[null, 404]]);
    });

    it("answers 401 once revoked or expired, and once its creator is no longer a superadmin", async () => {
      const revoked = await platform();
      await db().apiToken.update({ where: { id: revoked.view.id }, data: { revokedAt: new Date() } });
      await expectProblem(await send(probe, { token: revoked.token }), 401, "invalid_token");
      const expired = await platform();
      await db().apiToken.update({ where: { id: expired.view.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
      await expectProblem(await send(probe, { token: expired.token }), 401, "expired_token");

      const former = await makeUser({ isSuperadmin: true });
      const orphan = await platform({}, former);
      expect((await send(probe, { token: orphan.token })).status).toBe(200);
      await db().user.update({ where: { id: former.id }, data: { isSuperadmin: false } });
      const res = await send(probe, { token: orphan.token });
      await expectProblem(res, 401, "invalid_token");
      expect((await auditOf(res)).map((r) => [r.instanceId, r.tokenShortId, r.status])).toEqual([[null, orphan.view.short_id, 401]]);
    });

    it("answers 403 ip_not_allowed outside its CIDR allowlist", async () => {
      const { token } = await platform({ allowed_cidrs: "203.0.113.0/24" });
      await expectProblem(await send(probe, { token, ip: "198.51.100.7" }), 403, "ip_not_allowed");
      expect((await send(probe, { token, ip: "203.0.113.9" })).status).toBe(200);
    });

    it("keeps to its own rate limit (429 past it)", async () => {
      const { token } = await platform({ rate_limit_per_minute: "2" });
      const ip = freshIp();
      const codes = [];
      for (let i = 0; i < 3; i++) codes.push((await send(probe, { token, ip })).status);
      expect(codes).toEqual([200, 200, 429]);
    });

    it("is refused by workspace routes: 403 platform_token_not_accepted, audited in the control-plane log", async () => {
      const { token, view } = await platform();
      const endpoints = await call(listEndpoints, { path: "/api/v2/endpoints", token, ip: freshIp() });
      await expectProblem(endpoints, 403, "platform_token_not_accepted");
      const switched = await call(listEndpoints, { path: "/api/v2/endpoints", token, ip: freshIp(), headers: { "x-instance-id": instanceId } });
      await expectProblem(switched, 403, "platform_token_not_accepted");
      await expectProblem(await call(tokenSelf, { path: "/api/v2/tokens/self", token, ip: freshIp() }), 403, "platform_token_not_accepted");
      expect((await auditOf(endpoints)).map((r) => [r.instanceId, r.tokenShortId, r.status])).toEqual([[null, view.short_id, 403]]);
    });
  });

  describe("a workspace token", () => {
    it("never passes a superadmin route, even a superadmin's: 403 superadmin_required, audited in its home instance", async () => {
      for (const minter of [{ userId: boss.id, role: "owner" as const, isSuperadmin: true }, { userId: member.id, role: "owner" as const, isSuperadmin: false }]) {
        const { token, view } = await mint(instanceId, minter, { scopes: ["endpoints:read"] });
        const res = await send(probe, { token, headers: { "x-instance-id": instanceId } }, "POST");
        await expectProblem(res, 403, "superadmin_required");
        expect((await auditOf(res)).map((r) => [r.instanceId, r.tokenShortId, r.status])).toEqual([[instanceId, view.short_id, 403]]);
      }
    });
  });

  describe("authErrors", () => {
    it("rewords the detail of 401s and of superadmin_required, and of nothing else", async () => {
      expect((await expectProblem(await send(worded, {}), 401, "missing_token")).detail).toBe(UNAUTHORIZED);
      const revoked = await platform();
      await db().apiToken.update({ where: { id: revoked.view.id }, data: { revokedAt: new Date() } });
      expect((await expectProblem(await send(worded, { token: revoked.token }), 401, "invalid_token")).detail).toBe(UNAUTHORIZED);
      const workspace = await mint(instanceId, { userId: boss.id, role: "owner", isSuperadmin: true });
      expect((await expectProblem(await send(worded, { token: workspace.token }), 403, "superadmin_required")).detail).toBe(FORBIDDEN);
      const { cookie } = await signIn(member);
      expect((await expectProblem(await send(worded, { cookie }), 403, "superadmin_required")).detail).toBe(FORBIDDEN);

      const own = await signIn(boss);
      const crossSite = await expectProblem(await send(worded, { cookie: own.cookie, headers: { origin: "https://evil.example" } }, "POST"), 403, "cross_site_request");
      expect(crossSite.detail).not.toBe(FORBIDDEN);
      const fenced = await platform({ allowed_cidrs: "203.0.113.0/24" });
      const outside = await expectProblem(await send(worded, { token: fenced.token, ip: "198.51.100.8" }), 403, "ip_not_allowed");
      expect(outside.detail).not.toBe(FORBIDDEN);
    });
  });
});
