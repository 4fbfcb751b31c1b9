import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import { freeHandle, handleBase, handleSchema } from "./handles";
import { normalizeEmail } from "./schema";

// Handles for new accounts (handleBase, freeHandle) and the migration that
// gave every existing account one: its backfill statement, run verbatim on a
// scratch table on both databases, must agree with handleBase.

// Tricky local parts: case, punctuation runs, only punctuation, non-ASCII that
// lowercases to ASCII (Kelvin sign) or to two code points (dotted capital I),
// astral characters, full-width letters, the 32-character cut landing on a
// "-", an empty local part, no "@" at all, a quoted local part with an "@".
// The table holds e-mails as normalizeEmail stored them (JavaScript's
// lowercasing); on raw input the two lowercasings differ ("İ": PostgreSQL
// gives "i", JavaScript "i" + a combining dot), so the rows are normalised first.
const EMAILS = [
  "Alice@Example.com",
  "alice@other.test",
  "john.doe+tag@example.com",
  "--weird--@x.test",
  "___@x.test",
  "...@x.test",
  "ÜNÏCÖDÉ@x.test",
  "İstanbul@x.test",
  "kelvin\u212A@x.test",
  "emoji😀name@x.test",
  "ａｂｃ@x.test",
  "straße@x.test",
  `${"a".repeat(40)}@x.test`,
  "abcdefghijklmnopqrstuvwxyz01234-x@x.test",
  '"quoted@local"@x.test',
  "no-at-sign",
  "UPPER_CASE-Mix.9@x.test",
  "tab\tand space@x.test",
  "@x.test",
  "0@x.test",
];

describe("handleBase", () => {
  it.each([
    ["Alice@Example.com", "alice"],
    ["john.doe+tag@example.com", "john-doe-tag"],
    ["--weird--@x.test", "weird"],
    ["___@x.test", "___"],
    ["...@x.test", "user"],
    ["@x.test", "user"],
    ["kelvin\u212A@x.test", "kelvink"],
    [`${"a".repeat(40)}@x.test`, "a".repeat(32)],
    ["abcdefghijklmnopqrstuvwxyz01234-x@x.test", "abcdefghijklmnopqrstuvwxyz01234-"],
  ])("%s → %s", (email, handle) => {
    expect(handleBase(email)).toBe(handle);
  });

  it("always gives a valid handle", () => {
    for (const e of EMAILS) expect(handleSchema.safeParse(handleBase(normalizeEmail(e))).success, e).toBe(true);
  });
});

describe("freeHandle", () => {
  it("takes the base when it is free", async () => {
    expect(await freeHandle("Bob.Smith@x.test", async () => false)).toBe("bob-smith");
  });

  it("adds a six-character suffix when the base is taken, until one is free", async () => {
    const taken = new Set(["bob"]);
    const tried: string[] = [];
    const handle = await freeHandle("bob@x.test", async (h) => {
      tried.push(h);
      if (tried.length === 2) taken.add(h); // the first suffixed try is taken too
      return taken.has(h);
    });
    expect(tried).toHaveLength(3);
    expect(handle).toMatch(/^bob-[0-9a-f]{6}$/);
    expect(handle).toBe(tried[2]);
    expect(handleSchema.safeParse(handle).success).toBe(true);
  });

  it("stays within 39 characters with the longest base", async () => {
    const handle = await freeHandle(`${"z".repeat(60)}@x.test`, async (h) => !h.includes("-"));
    expect(handle).toHaveLength(39);
    expect(handleSchema.safeParse(handle).success).toBe(true);
  });
});

/** The migration's UPDATE ... (the backfill), exactly as it is in the file. */
function backfillStatement(): string {
  const sql = readFileSync(path.join(process.cwd(), "prisma/migrations/20261123030000_llm_config_standards/migration.sql"), "utf8");
  const start = sql.indexOf('WITH "base" AS (');
  const end = sql.indexOf(";", sql.indexOf('WHERE "u"."id" = "numbered"."id"'));
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  return sql.slice(start, end);
}

describeWithDatabase("the migration's handle backfill", () => {
  it("gives the first account of each base exactly handleBase, later ones base-<last 6 of the id>", async () => {
    const statement = backfillStatement();
    const schema = `handles_${newId("usr").slice(4, 14).toLowerCase()}`;
    const users = EMAILS.map((e, i) => ({ id: newId("usr"), email: normalizeEmail(e), createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)) }));
    const rows = await db().$transaction(async (tx) => {
      // A scratch "users" table in a schema of its own, so the statement runs verbatim without touching the real one.
      await tx.$executeRawUnsafe(`CREATE SCHEMA "${schema}"`);
      await tx.$executeRawUnsafe(`SET LOCAL search_path TO "${schema}"`);
      await tx.$executeRawUnsafe(`CREATE TABLE "users" ("id" TEXT PRIMARY KEY, "email" TEXT NOT NULL, "created_at" TIMESTAMP(3) NOT NULL, "handle" VARCHAR(39))`);
      for (const u of users) await tx.$executeRawUnsafe(`INSERT INTO "users" ("id", "email", "created_at") VALUES ($1, $2, $3)`, u.id, u.email, u.createdAt);
      await tx.$executeRawUnsafe(statement);
      const out = await tx.$queryRawUnsafe<{ id: string; handle: string }[]>(`SELECT "id", "handle" FROM "users"`);
      await tx.$executeRawUnsafe(`SET LOCAL search_path TO DEFAULT`);
      await tx.$executeRawUnsafe(`DROP SCHEMA "${schema}" CASCADE`);
      return out;
    });
    const byId = new Map(rows.map((r) => [r.id, r.handle]));
    const seen = new Set<string>();
    for (const u of users) {
      const base = handleBase(u.email);
      const expected = seen.has(base) ? `${base}-${u.id.slice(-6).toLowerCase()}` : base;
      seen.add(base);
      expect(byId.get(u.id), u.email).toBe(expected);
      expect(handleSchema.safeParse(expected).success, expected).toBe(true);
    }
    expect(new Set(byId.values()).size).toBe(users.length);
    expect(byId.get(users[1].id)).toMatch(/^alice-[a-z0-9]{6}$/); // alice@other.test came second
  });
});
