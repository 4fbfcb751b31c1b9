import { beforeAll, expect, it } from "vitest";
import { describeWithDatabase, spyOnDriverSql } from "@/test/db";
import { makeInstance, makeUser } from "@/test/factories";
import { call, freshIp, mint } from "@/test/api";
import { db } from "@/lib/db/client";
import { encodeCursor } from "@/lib/db/cursor";
import { newId } from "@/lib/ids";
import { GET as auditRoute } from "@/app/api/v2/audit/route";
import { auditListQuery } from "./read";
import { auditQuerySchema } from "./schema";
import { endpointListQuery } from "@/lib/endpoints/read";

// Attacks on the hand-written audit list (lib/audit/read.ts) through
// GET /api/v2/audit with a real admin token: instants PostgreSQL cannot hold,
// crafted cursors, LIKE wildcards, and rows of another instance or of the
// control plane (instance_id IS NULL) that must never show.

const b64 = (s: string) => Buffer.from(s).toString("base64url");
const MARK = "pnx_audit_inject_marker";
const UNTIL = "2020-12-31T00:00:00Z";

describeWithDatabase("audit list under attack", () => {
  let a: string;
  let token: string;
  let foreign: { id: string; createdAt: Date };

  const get = (query: string) => call(auditRoute, { path: `/api/v2/audit?${query}`, token, ip: freshIp() });
  const targets = async (query: string) => {
    const res = await get(`${query}&until=${UNTIL}&limit=200`);
    expect(res.status, query).toBe(200);
    return ((await res.json()) as { data: { target: string | null }[] }).data.map((e) => e.target);
  };

  beforeAll(async () => {
    a = (await makeInstance("Audit attack")).id;
    const b = (await makeInstance("Audit attack other")).id;
    const admin = await makeUser({ instanceId: a, role: "admin" });
    token = (await mint(a, { userId: admin.id, role: "admin", isSuperadmin: false })).token;
    const row = (instanceId: string | null, minute: number, target: string, path: string) => ({
      id: newId("evt"),
      instanceId,
      createdAt: new Date(Date.parse("2020-06-01T00:00:00.000Z") + minute * 60_000),
      actorType: "token",
      actorId: "tok_x",
      actorLabel: "ci",
      tokenShortId: "abcd1234",
      action: "api.request",
      method: "GET",
      path,
      status: 200,
      outcome: "2xx",
      target,
    });
    const rows = [
      row(a, 1, "mine-pct", "/api/v2/a%b"),
      row(a, 2, "mine-under", "/api/v2/a_b"),
      row(a, 3, "mine-plain", "/api/v2/axb"),
      row(a, 4, "ep_1\\x", "/api/v2/back\\slash"),
      // Rows of another tenant and of the control plane match every filter and must never show.
      row(b, 5, "foreign", "/api/v2/a%b"),
      row(null, 6, "control-plane", "/api/v2/a%b"),
    ];
    await db().auditEvent.createMany({ data: rows });
    foreign = { id: rows[4].id, createdAt: rows[4].createdAt };
  });

  // since/until pass z.iso.datetime({ offset: true }) (four-digit years, any offset), but
  // new Date(…).toISOString() writes year 0 as "0000-…" and years past 9999 as "+010000-…",
  // both of which PostgreSQL refuses: a tenant's query string becomes a 500.
  it.each([
    ["since", "0000-01-01T00:00:00Z"],
    ["since", "0001-01-01T00:00:00+01:00"],
    ["until", "9999-12-31T23:30:00-01:00"],
  ])("%s=%s is 400 validation_failed (or a valid answer), not 500", async (name, value) => {
    const res = await get(`${name}=${encodeURIComponent(value)}`);
    expect(res.status).not.toBe(500);
  });

  it.each([
    ["year 0", "0000-01-01T00:00:00.000Z|evt_x"],
    ["year 10000", "+010000-01-01T00:00:00.000Z|evt_x"],
    ["year 275760", "+275760-09-13T00:00:00.000Z|evt_x"],
    ["a NUL in the id", "2020-06-01T00:03:00.000Z|evt_\u0000"],
  ])("a cursor holding %s is 400 validation_failed, not 500", async (_label, raw) => {
    const res = await get(`cursor=${b64(raw)}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe("validation_failed");
  });

  // A named (prepared) statement is kept by every pooled PostgreSQL connection, with its plan: a
  // text shaped by the client's choice of filters must not be one, or an admin cycling the filter
  // combinations makes each connection keep over a thousand (≈ 86 MB each, measured).
  it("the filters a client picks do not multiply the prepared statements each connection keeps", () => {
    const filters = { actor: "x", token_short_id: "abcd1234", outcome: "2xx", path: "/a", action: "a", target: "t", since: "2020-01-01T00:00:00Z", until: "2021-01-01T00:00:00Z", cursor: encodeCursor({ createdAt: new Date(), id: "evt_x" }) };
    const names = Object.keys(filters) as (keyof typeof filters)[];
    const prepared = new Set<string>();
    let texts = 0;
    for (let mask = 0; mask < 1 << names.length; mask++) {
      const q = Object.fromEntries(names.filter((_, i) => mask & (1 << i)).map((k) => [k, filters[k]]));
      for (const instance of [null, "ins_x"]) {
        const query = auditListQuery(instance, auditQuerySchema.parse(q), 51);
        texts += 1;
        if (query.prepare) prepared.add(query.text);
      }
    }
    const after = { createdAt: new Date(), id: "ep_x" };
    const f = { tag: "t", status: "active", wireFormat: "x", ownerUserId: "u", like: "%a%", after };
    const keys = Object.keys(f) as (keyof typeof f)[];
    for (let mask = 0; mask < 1 << keys.length; mask++) {
      const query = endpointListQuery("ins_x", Object.fromEntries(keys.filter((_, i) => mask & (1 << i)).map((k) => [k, f[k]])), 21);
      texts += 1;
      if (query.prepare) prepared.add(query.text);
    }
    expect(texts).toBeGreaterThan(1000);
    expect(prepared.size).toBe(6); // the plain pages: first and by cursor, of each list (audit: instance or control plane)
  });

  it("path and target prefixes take %, _ and \\ literally", async () => {
    expect(await targets(`path=${encodeURIComponent("/api/v2/a%")}`)).toEqual(["mine-pct"]);
    expect(await targets(`path=${encodeURIComponent("/api/v2/a_")}`)).toEqual(["mine-under"]);
    expect(await targets(`path=${encodeURIComponent("/api/v2/back\\")}`)).toEqual(["ep_1\\x"]);
    expect(await targets(`target=${encodeURIComponent("%")}`)).toEqual([]);
    expect(await targets(`target=${encodeURIComponent("_")}`)).toEqual([]);
    expect(await targets(`target=${encodeURIComponent("ep_1\\")}`)).toEqual(["ep_1\\x"]);
  });

  it("never shows another instance's rows or the control plane's, by any filter or a cursor cut from them", async () => {
    const all = ["ep_1\\x", "mine-plain", "mine-under", "mine-pct"];
    expect(await targets("actor=abcd1234")).toEqual(all);
    expect(await targets("token_short_id=abcd1234&outcome=2xx&action=api.request")).toEqual(all);
    expect(await targets(`path=${encodeURIComponent("/api/v2/a%b")}`)).toEqual(["mine-pct"]);
    expect(await targets(`cursor=${encodeCursor(foreign)}`)).toEqual(all);
  });

  it("injection strings in the filters are values, never statement text", async () => {
    const spy = spyOnDriverSql();
    try {
      const evil = `x' OR instance_id IS NULL OR '1'='1 ${MARK}`;
      for (const f of ["actor", "action", "path", "target"]) expect(await targets(`${f}=${encodeURIComponent(evil)}`), f).toEqual([]);
      const texts = spy.texts();
      for (const t of texts) expect(t).not.toContain(MARK);
      const reads = texts.filter((t) => t.includes("FROM audit_events"));
      expect(reads.length).toBeGreaterThan(0);
      for (const t of reads) expect(t).not.toMatch(/sealed_value|token_hash|password_hash|sealed_key/);
    } finally {
      spy.restore();
    }
  });
});
