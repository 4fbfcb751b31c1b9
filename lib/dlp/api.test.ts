import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance, makeUser } from "@/test/factories";
import { call, freshIp, mint } from "@/test/api";
import { db } from "@/lib/db/client";
import { flushAudit } from "@/lib/audit/writer";
import { GET as list, POST as create } from "@/app/api/v2/dlp-rules/route";
import { DELETE as remove, GET as read, PATCH as patch } from "@/app/api/v2/dlp-rules/[id]/route";
import { dlpRuleListSchema, dlpRuleViewSchema, type DlpRuleView } from "./schema";

// /api/v2/dlp-rules as a client sees it: route handlers called with real
// tokens on both databases; every success answer checked against the route's
// declared response schema.

type Problem = { status: number; code: string; detail: string; errors?: { pointer: string; message: string }[] };
type Handler = typeof create;

describeWithDatabase("DLP rules API", () => {
  let a: string;
  let b: string;
  let adminA: string;
  let readA: string;
  let memberA: string;
  let adminB: string;
  let adminUserA: Awaited<ReturnType<typeof makeUser>>;

  const send = (handler: Handler, token: string, opts: { method?: string; id?: string; body?: unknown } = {}) =>
    call(handler, {
      path: opts.id ? `/api/v2/dlp-rules/${encodeURIComponent(opts.id)}` : "/api/v2/dlp-rules",
      method: opts.method ?? "GET",
      token,
      ip: freshIp(),
      headers: opts.body === undefined ? {} : { "content-type": "application/json" },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      params: opts.id ? { id: opts.id } : undefined,
    });
  const rules = async (token: string) => {
    const res = await send(list, token);
    expect(res.status).toBe(200);
    return dlpRuleListSchema.parse(await res.json()).data;
  };
  const rule = async (res: Response, status = 200) => {
    expect(res.status).toBe(status);
    return dlpRuleViewSchema.parse(await res.json());
  };
  const problem = async (res: Response) => {
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    return (await res.json()) as Problem;
  };
  const audited = async (action: string, target: string) => {
    await flushAudit();
    return db().auditEvent.findFirst({ where: { instanceId: a, action, target }, orderBy: { createdAt: "desc" } });
  };

  // Queued audit rows are written before the suite closes its database (a flush racing the close would hold a connection).
  afterAll(() => flushAudit());

  beforeAll(async () => {
    a = (await makeInstance("DLP A")).id;
    b = (await makeInstance("DLP B")).id;
    const scopes = ["endpoints:read", "endpoints:write"] as const;
    adminUserA = await makeUser({ instanceId: a, role: "admin" });
    const memberUserA = await makeUser({ instanceId: a, role: "member" });
    const adminUserB = await makeUser({ instanceId: b, role: "admin" });
    adminA = (await mint(a, { userId: adminUserA.id, role: "admin", isSuperadmin: false }, { scopes: [...scopes] })).token;
    readA = (await mint(a, { userId: adminUserA.id, role: "admin", isSuperadmin: false }, { scopes: ["endpoints:read"] })).token;
    memberA = (await mint(a, { userId: memberUserA.id, role: "member", isSuperadmin: false }, { scopes: [...scopes] })).token;
    adminB = (await mint(b, { userId: adminUserB.id, role: "admin", isSuperadmin: false }, { scopes: [...scopes] })).token;
  });

  it("lists the six built-ins, on and blocking, in a fresh instance", async () => {
    const data = await rules(readA);
    expect(data.map((r) => r.id)).toEqual(["builtin:email", "builtin:payment_card", "builtin:api_key", "builtin:private_key", "builtin:us_ssn", "builtin:iban"]);
    for (const r of data) expect(r).toMatchObject({ kind: "builtin", pattern: null, action: "block", enabled: true, updated_at: null, detector: r.id.slice(8) });
    expect(await rule(await send(read, readA, { id: "builtin:iban" }))).toMatchObject({ name: "IBAN", action: "block" });
  });

  it("PATCHes a built-in to report-only and off, only in its own instance; audited with the rule id", async () => {
    const changed = await rule(await send(patch, adminA, { method: "PATCH", id: "builtin:email", body: { action: "report" } }));
    expect(changed).toMatchObject({ id: "builtin:email", kind: "builtin", action: "report", enabled: true });
    expect(new Date(changed.updated_at!).toISOString()).toBe(changed.updated_at);
    expect(await rule(await send(patch, adminA, { method: "PATCH", id: "builtin:iban", body: { enabled: false } }))).toMatchObject({ action: "block", enabled: false });
    const listed = await rules(readA);
    expect(listed.find((r) => r.id === "builtin:email")).toMatchObject({ action: "report", enabled: true });
    expect(listed.find((r) => r.id === "builtin:iban")).toMatchObject({ action: "block", enabled: false });
    // Instance B still has the defaults.
    expect((await rules(adminB)).every((r) => r.action === "block" && r.enabled)).toBe(true);
    expect(await audited("dlp_rule.update", "builtin:email")).toMatchObject({ status: 200, method: "PATCH", actorType: "token" });
  });

  it("refuses to re-pattern, rename or delete a built-in, and answers 404 for an unknown detector", async () => {
    const p = await problem(await send(patch, adminA, { method: "PATCH", id: "builtin:email", body: { pattern: "x+" } }));
    expect(p).toMatchObject({ status: 400, code: "validation_failed" });
    expect(p.errors?.[0].pointer).toBe("/pattern");
    expect((await problem(await send(patch, adminA, { method: "PATCH", id: "builtin:email", body: { name: "Mail" } }))).errors?.[0].pointer).toBe("/name");
    expect(await problem(await send(remove, adminA, { method: "DELETE", id: "builtin:email" }))).toMatchObject({ status: 409, code: "conflict" });
    expect(await problem(await send(patch, adminA, { method: "PATCH", id: "builtin:phone", body: { enabled: false } }))).toMatchObject({ status: 404, code: "not_found" });
  });

  it("creates, patches and deletes a custom pattern; every step audited with its id", async () => {
    const created = await rule(await send(create, adminA, { method: "POST", body: { name: "Project codenames", pattern: "(?i)project[- ]?falcon" } }), 201);
    expect(created).toMatchObject({ kind: "custom", name: "Project codenames", detector: null, pattern: "(?i)project[- ]?falcon", action: "block", enabled: true });
    expect(created.id).toMatch(/^dlp_[0-9A-Za-z]{20}$/);
    expect(await audited("dlp_rule.create", created.id)).toMatchObject({ status: 201, method: "POST", path: "/api/v2/dlp-rules" });
    expect((await rules(readA)).at(-1)).toEqual(created);

    const changed = await rule(await send(patch, adminA, { method: "PATCH", id: created.id, body: { pattern: "falcon|osprey", action: "report", enabled: false } }));
    expect(changed).toMatchObject({ id: created.id, pattern: "falcon|osprey", action: "report", enabled: false, name: "Project codenames" });
    expect(await audited("dlp_rule.update", created.id)).toMatchObject({ status: 200 });

    expect((await send(remove, adminA, { method: "DELETE", id: created.id })).status).toBe(204);
    expect(await audited("dlp_rule.delete", created.id)).toMatchObject({ status: 204, method: "DELETE" });
    expect(await problem(await send(read, readA, { id: created.id }))).toMatchObject({ status: 404 });
    expect((await rules(readA)).some((r) => r.id === created.id)).toBe(false);
  });

  it("refuses an invalid pattern with 400 at /pattern, and bad fields at their pointers", async () => {
    for (const pattern of ["(unclosed", "(?<=lookbehind)x", "a*", ""]) {
      const p = await problem(await send(create, adminA, { method: "POST", body: { name: "Bad", pattern } }));
      expect(p, pattern).toMatchObject({ status: 400, code: "validation_failed" });
      expect(p.errors?.map((e) => e.pointer), pattern).toEqual(["/pattern"]);
    }
    const custom = await rule(await send(create, adminA, { method: "POST", body: { name: "Ok", pattern: "ok-\\d+" } }), 201);
    const p = await problem(await send(patch, adminA, { method: "PATCH", id: custom.id, body: { pattern: "([" } }));
    expect(p.errors?.[0]).toMatchObject({ pointer: "/pattern", message: expect.stringMatching(/^Not a valid RE2 pattern/) });
    expect((await problem(await send(create, adminA, { method: "POST", body: { name: "x", pattern: "y", action: "drop" } }))).errors?.[0].pointer).toBe("/action");
    expect((await problem(await send(create, adminA, { method: "POST", body: { name: "x", pattern: "y", kind: "builtin" } }))).errors?.[0].pointer).toBe("/kind");
    expect(await problem(await send(patch, adminA, { method: "PATCH", id: custom.id, body: {} }))).toMatchObject({ status: 400 });
  });

  it("answers 404 for another instance's rule, on every method, and changes nothing", async () => {
    const theirs = await rule(await send(create, adminB, { method: "POST", body: { name: "B only", pattern: "bbb" } }), 201);
    expect(await problem(await send(read, adminA, { id: theirs.id }))).toMatchObject({ status: 404, code: "not_found" });
    expect(await problem(await send(patch, adminA, { method: "PATCH", id: theirs.id, body: { enabled: false } }))).toMatchObject({ status: 404 });
    expect(await problem(await send(remove, adminA, { method: "DELETE", id: theirs.id }))).toMatchObject({ status: 404 });
    expect((await rules(adminA)).some((r) => r.id === theirs.id)).toBe(false);
    expect(await rule(await send(read, adminB, { id: theirs.id }))).toMatchObject({ enabled: true, name: "B only" });
    // A built-in row of B (its id is dlp_…) is not a custom rule anyone can address.
    await send(patch, adminB, { method: "PATCH", id: "builtin:us_ssn", body: { enabled: false } });
    const row = await db().dlpRule.findFirstOrThrow({ where: { instanceId: b, detector: "us_ssn" } });
    expect(await problem(await send(read, adminB, { id: row.id }))).toMatchObject({ status: 404 });
  });

  it("403 forbidden on writes for a member's token (even with endpoints:write), 403 missing_scope without it; reads allowed", async () => {
    const custom = await rule(await send(create, adminA, { method: "POST", body: { name: "Member target", pattern: "mmm" } }), 201);
    for (const [handler, opts] of [
      [create, { method: "POST", body: { name: "By member", pattern: "zzz" } }],
      [patch, { method: "PATCH", id: "builtin:api_key", body: { enabled: false } }],
      [patch, { method: "PATCH", id: custom.id, body: { enabled: false } }],
      [remove, { method: "DELETE", id: custom.id }],
    ] as const) {
      expect(await problem(await send(handler, memberA, opts)), opts.method).toMatchObject({ status: 403, code: "forbidden" });
      expect(await problem(await send(handler, readA, opts)), opts.method).toMatchObject({ status: 403, code: "missing_scope" });
    }
    expect((await rules(memberA)).find((r) => r.id === "builtin:api_key")).toMatchObject({ enabled: true });
    expect(await rule(await send(read, memberA, { id: custom.id }))).toMatchObject({ enabled: true });
    await flushAudit();
    // Refusals are counted per token, status and minute (lib/audit/refusals.ts).
    const refused = await db().auditEvent.findMany({ where: { instanceId: a, action: { startsWith: "dlp_rule." }, status: 403 } });
    expect(refused.reduce((n, r) => n + r.count, 0)).toBeGreaterThanOrEqual(8);
  });

  it("follows the token creator's role today: an admin demoted to member can no longer change rules", async () => {
    const user = await makeUser({ instanceId: a, role: "admin" });
    const token = (await mint(a, { userId: user.id, role: "admin", isSuperadmin: false }, { scopes: ["endpoints:read", "endpoints:write"] })).token;
    expect((await send(patch, token, { method: "PATCH", id: "builtin:private_key", body: { action: "report" } })).status).toBe(200);
    await db().membership.update({ where: { userId_instanceId: { userId: user.id, instanceId: a } }, data: { role: "member" } });
    expect(await problem(await send(patch, token, { method: "PATCH", id: "builtin:private_key", body: { action: "block" } }))).toMatchObject({ status: 403, code: "forbidden" });
  });

  it("never lists more than the instance's rules", async () => {
    const ids = (await rules(adminA)).map((r: DlpRuleView) => r.id);
    const foreign = await db().dlpRule.findMany({ where: { instanceId: b }, select: { id: true } });
    for (const { id } of foreign) expect(ids).not.toContain(id);
  });
});
