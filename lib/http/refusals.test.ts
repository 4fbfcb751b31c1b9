import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance, makeUser } from "@/test/factories";
import { call, freshIp, mint } from "@/test/api";
import type { UserActor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { flushAudit } from "@/lib/audit/writer";
import { resetConfigForTests } from "@/lib/config";
import { PEER_HEADER } from "@/lib/ip/client-ip";
import { requestMeta } from "./request-meta";
import { GET as selfRoute } from "@/app/api/v2/tokens/self/route";
import { GET as auditRoute } from "@/app/api/v2/audit/route";

// withApi's hardening: refused token requests are charged to the client's
// failure budget (a wrong IP, a token over its own limit) and counted into
// one audit row per token, status and minute; a superadmin's X-Instance-Id
// request is audited in the instance it acted in, with the token's home; and
// X-Request-Id is believed only from a trusted proxy.

/** Waits, when needed, so the next few seconds stay in one clock minute (refusals are counted per minute). */
async function withinOneMinute(): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 10_000) await new Promise((r) => setTimeout(r, left + 100));
}

const SELF = "/api/v2/tokens/self";

describeWithDatabase("withApi: refusals, switched instances and request ids", () => {
  let home: string;
  let owner: UserActor;
  const minter = () => ({ userId: owner.id, role: "owner" as const, isSuperadmin: false });

  beforeAll(async () => {
    home = (await makeInstance("Refusals")).id;
    owner = await makeUser({ instanceId: home, role: "owner" });
  });

  afterEach(() => {
    delete process.env.PENAXTRA_AUTH_FAILURES_PER_MINUTE;
    delete process.env.PENAXTRA_TRUSTED_PROXIES;
    resetConfigForTests();
  });

  const rowsOf = async (shortId: string) => {
    await flushAudit();
    return db().auditEvent.findMany({ where: { tokenShortId: shortId }, orderBy: { createdAt: "asc" } });
  };

  describe("the client's failure budget (PENAXTRA_AUTH_FAILURES_PER_MINUTE)", () => {
    it("is charged for a known token refused for its IP: past the budget even a good token gets 429", async () => {
      process.env.PENAXTRA_AUTH_FAILURES_PER_MINUTE = "5";
      resetConfigForTests();
      const fenced = await mint(home, minter(), { allowed_cidrs: "203.0.113.0/24" });
      const good = await mint(home, minter());
      const ip = freshIp();
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await call(selfRoute, { path: SELF, token: fenced.token, ip })).status);
      expect(codes).toEqual([403, 403, 403, 403, 403]);
      const cut = await call(selfRoute, { path: SELF, token: good.token, ip });
      expect(cut.status).toBe(429);
      expect(cut.headers.get("ratelimit")).toMatch(/^"auth-failures";r=0;t=\d+$/);
      // Another client is not affected, and the fenced token still works from its range.
      expect((await call(selfRoute, { path: SELF, token: good.token, ip: freshIp() })).status).toBe(200);
      expect((await call(selfRoute, { path: SELF, token: fenced.token, ip: "203.0.113.77" })).status).toBe(200);
    });

    it("is charged for a token over its own limit, so the client is cut off before any lookup", async () => {
      process.env.PENAXTRA_AUTH_FAILURES_PER_MINUTE = "5";
      resetConfigForTests();
      const limited = await mint(home, minter(), { rate_limit_per_minute: "2" });
      const good = await mint(home, minter());
      const ip = freshIp();
      const codes: number[] = [];
      for (let i = 0; i < 7; i++) codes.push((await call(selfRoute, { path: SELF, token: limited.token, ip })).status);
      expect(codes).toEqual([200, 200, 429, 429, 429, 429, 429]);
      const cut = await call(selfRoute, { path: SELF, token: good.token, ip });
      expect(cut.status).toBe(429);
      expect(cut.headers.get("ratelimit")).toMatch(/^"auth-failures";r=0;t=\d+$/);
      expect((await call(selfRoute, { path: SELF, token: good.token, ip: freshIp() })).status).toBe(200);
    });
  });

  it("counts 25 refusals of one token in a minute into one row per status (count 25), not 25 rows", async () => {
    await withinOneMinute();
    const { token, view } = await mint(home, minter(), { scopes: ["endpoints:read"] });
    for (let i = 0; i < 25; i++) expect((await call(auditRoute, { path: "/api/v2/audit", token, ip: freshIp() })).status).toBe(403);
    await db().apiToken.update({ where: { id: view.id }, data: { revokedAt: new Date() } });
    for (let i = 0; i < 25; i++) expect((await call(selfRoute, { path: SELF, token, ip: freshIp() })).status).toBe(401);
    const rows = await rowsOf(view.short_id);
    expect(rows.map((r) => [r.instanceId, r.status, r.count]).sort()).toEqual([
      [home, 401, 25],
      [home, 403, 25],
    ]);
  });

  it("writes successful requests one row each, count 1", async () => {
    const { token, view } = await mint(home, minter());
    for (let i = 0; i < 3; i++) expect((await call(selfRoute, { path: SELF, token, ip: freshIp() })).status).toBe(200);
    expect((await rowsOf(view.short_id)).map((r) => [r.status, r.count])).toEqual([[200, 1], [200, 1], [200, 1]]);
  });

  describe("a superadmin token working in another instance (X-Instance-Id)", () => {
    let bossHome: string;
    let other: string;
    let boss: UserActor;
    beforeAll(async () => {
      bossHome = (await makeInstance("Boss home")).id;
      other = (await makeInstance("Visited")).id;
      boss = await makeUser({ instanceId: bossHome, role: "owner", isSuperadmin: true });
    });
    const bossMinter = () => ({ userId: boss.id, role: "owner" as const, isSuperadmin: true });

    it("is audited in the instance it acted in, with actor_instance_id = the token's home; ordinary requests carry null", async () => {
      const { token, view } = await mint(bossHome, bossMinter());
      expect((await call(auditRoute, { path: "/api/v2/audit", token, ip: freshIp(), headers: { "x-instance-id": other } })).status).toBe(200);
      expect((await call(auditRoute, { path: "/api/v2/audit", token, ip: freshIp() })).status).toBe(200);
      const rows = await rowsOf(view.short_id);
      expect(rows.map((r) => [r.instanceId, r.actorInstanceId, r.status])).toEqual([
        [other, bossHome, 200],
        [bossHome, null, 200],
      ]);
      // The visited instance's own log, read through the API, shows who came from where.
      const read = await call(auditRoute, { path: `/api/v2/audit?token_short_id=${view.short_id}`, token, ip: freshIp(), headers: { "x-instance-id": other } });
      const events = (await read.json()).data as { actor_instance_id: string | null; token_short_id: string }[];
      expect(events.map((e) => e.actor_instance_id)).toEqual([bossHome]);

      // An ordinary token's rows never carry one.
      const plain = await mint(home, minter());
      await call(selfRoute, { path: SELF, token: plain.token, ip: freshIp() });
      expect((await rowsOf(plain.view.short_id)).map((r) => [r.instanceId, r.actorInstanceId])).toEqual([[home, null]]);
    });

    it("audits a refused switched request (missing scope) in the visited instance too", async () => {
      const { token, view } = await mint(bossHome, bossMinter(), { scopes: ["endpoints:read"] });
      expect((await call(auditRoute, { path: "/api/v2/audit", token, ip: freshIp(), headers: { "x-instance-id": other } })).status).toBe(403);
      expect((await rowsOf(view.short_id)).map((r) => [r.instanceId, r.actorInstanceId, r.status, r.count])).toEqual([[other, bossHome, 403, 1]]);
    });

    // Refusals were once bucketed by token|status|minute only, so a
    // superadmin token's refusals in two instances merged into one row in the first
    // one's log (fixed in 53c1a2b: the bucket key includes the instance).
    it("keeps refusals in different instances in separate rows (one per instance)", async () => {
      await withinOneMinute();
      const { token, view } = await mint(bossHome, bossMinter(), { scopes: ["endpoints:read"] });
      expect((await call(auditRoute, { path: "/api/v2/audit", token, ip: freshIp(), headers: { "x-instance-id": other } })).status).toBe(403);
      expect((await call(auditRoute, { path: "/api/v2/audit", token, ip: freshIp() })).status).toBe(403);
      const rows = await rowsOf(view.short_id);
      expect(rows.map((r) => [r.instanceId, r.status, r.count]).sort()).toEqual([
        [bossHome, 403, 1],
        [other, 403, 1],
      ].sort());
    });
  });

  describe("X-Request-Id", () => {
    it("is ignored from a client connecting directly: the server mints req_…, used in the answer and the audit row", async () => {
      const { token, view } = await mint(home, minter());
      const res = await call(selfRoute, { path: SELF, token, ip: freshIp(), headers: { "x-request-id": "forged-request-id-0001" } });
      expect(res.status).toBe(200);
      const id = res.headers.get("x-request-id");
      expect(id).toMatch(/^req_[0-9A-Za-z]{16}$/);
      expect((await rowsOf(view.short_id)).map((r) => r.requestId)).toEqual([id]);

      // Trusted proxies configured, but this peer is not one of them: still ignored.
      process.env.PENAXTRA_TRUSTED_PROXIES = "10.0.0.0/8";
      resetConfigForTests();
      const direct = await call(selfRoute, { path: SELF, token, ip: "192.0.2.200", headers: { "x-request-id": "forged-request-id-0002" } });
      expect(direct.headers.get("x-request-id")).toMatch(/^req_[0-9A-Za-z]{16}$/);
    });

    it("is used when it comes from a trusted proxy (PENAXTRA_TRUSTED_PROXIES), if sane", async () => {
      process.env.PENAXTRA_TRUSTED_PROXIES = "10.0.0.0/8";
      resetConfigForTests();
      const { token, view } = await mint(home, minter());
      const client = freshIp();
      const res = await call(selfRoute, { path: SELF, token, ip: "10.20.30.40", headers: { "x-request-id": "proxy-request-id-0001", "x-forwarded-for": client } });
      expect(res.status).toBe(200);
      expect(res.headers.get("x-request-id")).toBe("proxy-request-id-0001");
      expect((await rowsOf(view.short_id)).map((r) => [r.requestId, r.clientIp])).toEqual([["proxy-request-id-0001", client]]);
      const insane = await call(selfRoute, { path: SELF, token, ip: "10.20.30.40", headers: { "x-request-id": "bad id with spaces", "x-forwarded-for": client } });
      expect(insane.headers.get("x-request-id")).toMatch(/^req_/);
    });

    it("requestMeta believes only the trusted peer", () => {
      const h = (peer: string) => new Headers({ [PEER_HEADER]: peer, "x-request-id": "chosen-by-caller-01", "x-forwarded-for": "198.51.100.1" });
      expect(requestMeta(h("192.0.2.1"))).toEqual({ clientIp: "192.0.2.1", requestId: expect.stringMatching(/^req_/) });
      process.env.PENAXTRA_TRUSTED_PROXIES = "192.0.2.0/24";
      resetConfigForTests();
      expect(requestMeta(h("192.0.2.1"))).toEqual({ clientIp: "198.51.100.1", requestId: "chosen-by-caller-01" });
      expect(requestMeta(h("192.0.3.1"))).toEqual({ clientIp: "192.0.3.1", requestId: expect.stringMatching(/^req_/) });
    });
  });
});
