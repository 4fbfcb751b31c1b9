import { beforeAll, expect, it } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance, makeUser } from "@/test/factories";
import { call, freshIp, mint } from "@/test/api";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import { GET as auditRoute } from "@/app/api/v2/audit/route";

// GET /api/v2/audit end to end through the route handler: every filter, cursor
// paging without duplicates or gaps, and refusals of bad query values.
//
// Filter rows are dated 2020 and paging rows 2021, so `until` keeps out the
// paging rows and the audit rows of the test's own requests (dated now).

const T0 = Date.parse("2020-03-01T12:00:00.000Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const UNTIL = "2020-12-31T00:00:00Z";

type Event = { id: string; created_at: string; target: string | null };

describeWithDatabase("GET /api/v2/audit", () => {
  let instanceId: string;
  let token: string;
  let user: Awaited<ReturnType<typeof makeUser>>;
  const page = async (query: string) => {
    const res = await call(auditRoute, { path: `/api/v2/audit?${query}`, token, ip: freshIp() });
    expect(res.status, query).toBe(200);
    return (await res.json()) as { data: Event[]; next_cursor: string | null };
  };
  /** The seeded rows a query returns, by their target label, in the order returned. */
  const targets = async (query: string) => (await page(`${query}&until=${UNTIL}`)).data.map((e) => e.target);

  beforeAll(async () => {
    instanceId = (await makeInstance("Audit API")).id;
    user = await makeUser({ instanceId, role: "admin" });
    token = (await mint(instanceId, { userId: user.id, role: "admin", isSuperadmin: false })).token;
    const other = await makeInstance("Audit elsewhere");
    const row = (instance: string, minutes: number, target: string, fields: Record<string, unknown>) => ({
      id: newId("evt"),
      instanceId: instance,
      createdAt: at(minutes),
      actorType: "system",
      action: "api.request",
      target,
      ...fields,
    });
    const tok = (shortId: string) => ({ actorType: "token", actorId: `tok_${shortId}`, actorLabel: `ci ${shortId}`, tokenShortId: shortId });
    await db().auditEvent.createMany({
      data: [
        row(instanceId, 1, "r1", { actorType: "user", actorId: user.id, actorLabel: user.email, action: "token.create", status: 200, outcome: "2xx" }),
        row(instanceId, 2, "r2", { ...tok("abcd1234"), method: "GET", path: "/api/v2/endpoints/ep_1", status: 200, outcome: "2xx" }),
        row(instanceId, 3, "r3", { ...tok("abcd1234"), method: "GET", path: "/api/v2/endpoints", status: 404, outcome: "4xx" }),
        row(instanceId, 4, "r4", { ...tok("ffff0000"), method: "POST", path: "/api/v2/audit", status: 500, outcome: "5xx" }),
        row(instanceId, 5, "r5", { actorLabel: "cli", action: "instance.create" }),
        // Another tenant's rows match every filter and must never show.
        row(other.id, 2, "foreign-token", { ...tok("abcd1234"), method: "GET", path: "/api/v2/endpoints", status: 200, outcome: "2xx" }),
        row(other.id, 3, "foreign-user", { actorType: "user", actorId: user.id, actorLabel: user.email, action: "token.create", status: 200, outcome: "2xx" }),
      ],
    });
  });

  it("lists the instance's rows newest first, never another instance's", async () => {
    expect(await targets("limit=50")).toEqual(["r5", "r4", "r3", "r2", "r1"]);
  });

  it("filters by actor: user id, user email, token short id", async () => {
    expect(await targets(`actor=${user.id}`)).toEqual(["r1"]);
    expect(await targets(`actor=${encodeURIComponent(user.email)}`)).toEqual(["r1"]);
    expect(await targets("actor=abcd1234")).toEqual(["r3", "r2"]);
    expect(await targets("actor=ffff0000")).toEqual(["r4"]);
    expect(await targets("actor=nobody%40example.test")).toEqual([]);
  });

  it("filters by token_short_id", async () => {
    expect(await targets("token_short_id=abcd1234")).toEqual(["r3", "r2"]);
    expect(await targets("token_short_id=ffff0000")).toEqual(["r4"]);
    expect(await targets("token_short_id=00000000")).toEqual([]);
  });

  it("filters by outcome", async () => {
    expect(await targets("outcome=2xx")).toEqual(["r2", "r1"]);
    expect(await targets("outcome=4xx")).toEqual(["r3"]);
    expect(await targets("outcome=5xx")).toEqual(["r4"]);
  });

  it("filters by path prefix, literally", async () => {
    expect(await targets("path=%2Fapi%2Fv2%2Fendpoints")).toEqual(["r3", "r2"]);
    expect(await targets("path=%2Fapi%2Fv2%2Fendpoints%2F")).toEqual(["r2"]);
    expect(await targets("path=%2Fapi%2Fv2%2Faud")).toEqual(["r4"]);
    // LIKE wildcards in the prefix are plain characters, not patterns.
    expect(await targets("path=%2Fapi%2Fv2%2F_ndpoints")).toEqual([]);
    expect(await targets("path=%25endpoints")).toEqual([]);
  });

  it("filters by action", async () => {
    expect(await targets("action=token.create")).toEqual(["r1"]);
    expect(await targets("action=instance.create")).toEqual(["r5"]);
    expect(await targets("action=api.request")).toEqual(["r4", "r3", "r2"]);
  });

  it("filters by since and until, both inclusive", async () => {
    const iso = (m: number) => encodeURIComponent(at(m).toISOString());
    expect(await targets(`since=${iso(3)}`)).toEqual(["r5", "r4", "r3"]);
    expect((await page(`until=${iso(2)}`)).data.map((e) => e.target)).toEqual(["r2", "r1"]);
    expect((await page(`since=${iso(2)}&until=${iso(4)}`)).data.map((e) => e.target)).toEqual(["r4", "r3", "r2"]);
    // An offset other than Z means the same instant.
    expect((await page(`since=${encodeURIComponent("2020-03-01T14:04:00+02:00")}&until=${iso(4)}`)).data.map((e) => e.target)).toEqual(["r4"]);
  });

  it("combines filters with AND", async () => {
    expect(await targets("actor=abcd1234&outcome=4xx")).toEqual(["r3"]);
    expect(await targets("token_short_id=abcd1234&path=%2Fapi%2Fv2%2Faudit")).toEqual([]);
  });

  it("pages over more rows than the limit: newest first, no duplicates, no gaps (ties broken by id)", async () => {
    const seeded = Array.from({ length: 23 }, (_, i) => ({
      id: newId("evt"),
      instanceId,
      // Groups of three share a timestamp: the cursor must break ties.
      createdAt: new Date(Date.parse("2021-06-01T00:00:00.000Z") + Math.floor(i / 3) * 1000),
      actorType: "system",
      actorLabel: "pager",
      action: "page.seed",
      target: `p${i}`,
    }));
    await db().auditEvent.createMany({ data: seeded });

    const seen: Event[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { data: Event[]; next_cursor: string | null } = await page(`action=page.seed&limit=5${cursor ? `&cursor=${cursor}` : ""}`);
      pages += 1;
      expect(res.data.length).toBe(pages < 5 ? 5 : 3);
      seen.push(...res.data);
      cursor = res.next_cursor;
    } while (cursor && pages < 10);
    expect(pages).toBe(5);
    expect(cursor).toBeNull();

    const ids = seen.map((e) => e.id);
    expect(new Set(ids).size).toBe(23);
    expect([...ids].sort()).toEqual(seeded.map((r) => r.id).sort());
    // One query for all of them gives the same order the pages gave.
    expect((await page("action=page.seed&limit=50")).data.map((e) => e.id)).toEqual(ids);
    for (let i = 1; i < seen.length; i++) {
      expect(Date.parse(seen[i - 1].created_at)).toBeGreaterThanOrEqual(Date.parse(seen[i].created_at));
    }
  });

  it("refuses an invalid cursor with 400 validation_failed and a pointer to /query/cursor", async () => {
    for (const cursor of ["not-a-cursor", Buffer.from("2020-03-01T12:00:00.000Z").toString("base64url"), Buffer.from("yesterday|evt_x").toString("base64url")]) {
      const res = await call(auditRoute, { path: `/api/v2/audit?cursor=${cursor}`, token, ip: freshIp() });
      expect(res.status, cursor).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      const body = (await res.json()) as { code: string; errors?: { pointer: string }[] };
      expect(body.code).toBe("validation_failed");
      expect(body.errors?.map((e) => e.pointer)).toEqual(["/query/cursor"]);
    }
  });

  it("refuses bad filter values with pointers into the query", async () => {
    for (const [query, pointer] of [
      ["outcome=3xx", "/query/outcome"],
      ["since=2020-03-01", "/query/since"],
      ["until=yesterday", "/query/until"],
      ["token_short_id=ABCD1234", "/query/token_short_id"],
      ["limit=0", "/query/limit"],
      ["limit=201", "/query/limit"],
    ]) {
      const res = await call(auditRoute, { path: `/api/v2/audit?${query}`, token, ip: freshIp() });
      expect(res.status, query).toBe(400);
      const body = (await res.json()) as { code: string; errors?: { pointer: string }[] };
      expect(body.code).toBe("validation_failed");
      expect(body.errors?.map((e) => e.pointer)).toEqual([pointer]);
    }
  });
});
