import { Writable } from "node:stream";
import { beforeAll, expect, it } from "vitest";
import { describeWithDatabase, spyOnDriverSql } from "@/test/db";
import { sql } from "@/lib/db/sql";
import { makeInstance, makeUser } from "@/test/factories";
import { call, freshIp, mint } from "@/test/api";
import { isolatePostgres } from "@/test/secrets";
import { db } from "@/lib/db/client";
import { encodeCursor } from "@/lib/db/cursor";
import { newId } from "@/lib/ids";
import { createLogger } from "@/lib/log";
import { GET as list } from "@/app/api/v2/endpoints/route";
import { GET as read } from "@/app/api/v2/endpoints/[id]/route";

// Attacks on the hand-written endpoint list and read (lib/endpoints/read.ts):
// crafted cursors, LIKE wildcards, injection strings, another tenant's ids and
// cursors, as a tenant with a real token sees them through the route handlers.

await isolatePostgres("endpoints_read_attack");

const b64 = (s: string) => Buffer.from(s).toString("base64url");
const MARK = "pnx_inject_marker";

describeWithDatabase("endpoint list and read under attack", () => {
  let a: string;
  let b: string;
  let tokenA: string;
  let foreignId: string;
  let foreignCreatedAt: Date;
  const names: string[] = [];

  const get = (path: string) => call(list, { path, token: tokenA, ip: freshIp() });
  const page = async (query: string) => {
    const res = await get(`/api/v2/endpoints?${query}`);
    expect(res.status, query).toBe(200);
    return (await res.json()) as { data: { id: string; name: string }[]; next_cursor: string | null };
  };

  beforeAll(async () => {
    a = (await makeInstance("Attack A")).id;
    b = (await makeInstance("Attack B")).id;
    const ownerA = await makeUser({ instanceId: a, role: "admin" });
    const ownerB = await makeUser({ instanceId: b, role: "admin" });
    tokenA = (await mint(a, { userId: ownerA.id, role: "admin", isSuperadmin: false }, { scopes: ["endpoints:read"] })).token;
    const make = async (instanceId: string, owner: string, name: string, host: string, at: string) => {
      const id = newId("ep");
      await db().endpoint.create({
        data: { id, instanceId, name, url: `https://${host}/v1`, urlKey: `https://${host}/v1`, host, wireFormat: "chat_completions_v1", model: "m", ownerUserId: owner, tags: ["t"], createdAt: new Date(at) },
      });
      return id;
    };
    for (const [i, name] of ["plain", "fifty 50% off", "under_score", "back\\slash", "zzz"].entries()) {
      await make(a, ownerA.id, name, `a${i}.example`, `2026-01-0${i + 1}T00:00:00.000Z`);
      names.push(name);
    }
    foreignId = await make(b, ownerB.id, "fifty 50% off foreign plain", "b.example", "2027-01-01T00:00:00.000Z");
    foreignCreatedAt = new Date("2027-01-01T00:00:00.000Z");
  });

  // A cursor is opaque client input: any date JavaScript can parse passes decodeCursor, but
  // PostgreSQL refuses years 0, < 0 and > 9999 in the ISO text toISOString() writes.
  it.each([
    ["year 0", "0000-01-01T00:00:00.000Z|ep_x"],
    ["a negative year", "-000001-06-01T00:00:00.000Z|ep_x"],
    ["year 10000", "+010000-01-01T00:00:00.000Z|ep_x"],
    ["JavaScript's last instant (year 275760)", "+275760-09-13T00:00:00.000Z|ep_x"],
    ["JavaScript's first instant (year -271821)", "-271821-04-20T00:00:00.000Z|ep_x"],
    ["a NUL in the id", "2026-01-03T00:00:00.000Z|ep_\u0000x"],
  ])("a cursor holding %s is 400 validation_failed, not 500", async (_label, raw) => {
    const res = await get(`/api/v2/endpoints?cursor=${b64(raw)}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe("validation_failed");
  });

  // PGlite's errors carry the statement's parameters, and errors are logged whole (pino's err
  // serializer keeps every field): a failing statement must not take a request's values along.
  it("a failing statement's error carries none of its values into the log", async () => {
    // A statement that fails on its own (the database's message names no value), with a value along.
    const failed = await sql("SELECT $1::text AS v FROM no_such_table", ["pnxsearchcanary"]).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(Error);
    let out = "";
    const sink = new Writable({ write: (chunk, _enc, done) => ((out += String(chunk)), done()) });
    createLogger(sink, "info").error({ err: failed }, "unhandled error");
    await new Promise((r) => setImmediate(r));
    expect(out).toContain("unhandled error");
    expect(out).not.toContain("pnxsearchcanary");
  });

  it("base64 garbage and over-long ids as cursors are 400 validation_failed", async () => {
    for (const cursor of ["!!!!", "%25%25", b64("nope"), b64(`2026-01-01T00:00:00Z|${"e".repeat(41)}`), b64("2026-01-01T00:00:00Z|a|b"), b64("|ep_x")]) {
      const res = await get(`/api/v2/endpoints?cursor=${cursor}`);
      expect(res.status, cursor).toBe(400);
    }
  });

  it("another instance's endpoint id is 404, and a cursor cut from its row shows only this instance's rows", async () => {
    expect((await call(read, { path: `/api/v2/endpoints/${foreignId}`, token: tokenA, ip: freshIp(), params: { id: foreignId } })).status).toBe(404);
    const p = await page(`cursor=${encodeCursor({ createdAt: foreignCreatedAt, id: foreignId })}&limit=100`);
    expect(p.data.map((e) => e.name).sort()).toEqual([...names].sort());
    expect(p.data.some((e) => e.id === foreignId)).toBe(false);
  });

  it("q takes %, _ and \\ literally and never reaches another instance", async () => {
    expect((await page("q=%25")).data.map((e) => e.name)).toEqual(["fifty 50% off"]);
    expect((await page("q=_")).data.map((e) => e.name)).toEqual(["under_score"]);
    expect((await page(`q=${encodeURIComponent("\\")}`)).data.map((e) => e.name)).toEqual(["back\\slash"]);
    expect((await page(`q=${encodeURIComponent("\\%")}`)).data).toEqual([]);
    expect((await page("q=PLAIN")).data.map((e) => e.name)).toEqual(["plain"]);
  });

  it("injection strings in every filter are values: no 500, no extra rows, never in the statement text", async () => {
    const spy = spyOnDriverSql();
    try {
      const evil = `x' OR 1=1 OR name ILIKE '%' -- ${MARK}`;
      for (const q of [`q=${encodeURIComponent(evil)}`, `owner=${encodeURIComponent(`'${MARK}'`)}`, `q=${encodeURIComponent(`$1 ${MARK}`)}`]) {
        expect((await page(q)).data, q).toEqual([]);
      }
      const texts = spy.texts();
      expect(texts.length).toBeGreaterThan(0);
      for (const t of texts) expect(t).not.toContain(MARK);
      // The token lookup matches on token_hash in WHERE; the endpoint statements never name a secret column.
      const reads = texts.filter((t) => t.includes("FROM endpoints"));
      expect(reads.length).toBeGreaterThan(0);
      for (const t of reads) expect(t).not.toMatch(/sealed_value|token_hash|password_hash|sealed_key/);
    } finally {
      spy.restore();
    }
  });
});
