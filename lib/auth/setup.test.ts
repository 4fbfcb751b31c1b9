import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, setDatabase, db, type Database } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { isAppError } from "@/lib/errors";
import { toAppError } from "@/lib/http/problem";
import { completeSetup, isSetupComplete } from "./setup";
import { setupSchema } from "./schema";

// First-run setup is open only while there is no user. Two setup requests
// racing on an empty database must leave exactly one superadmin.
// Every race gets a database of its own: setup needs an empty users table.

const PG_URL = process.env.TEST_DATABASE_URL;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

type Fresh = { handle: Database; drop: () => Promise<void> };

const backends: { label: string; fresh: () => Promise<Fresh> }[] = [
  {
    label: "pglite",
    fresh: async () => {
      const handle = openDatabase({ memory: true });
      await migrate(handle.driver);
      return { handle, drop: async () => {} };
    },
  },
];
if (PG_URL) {
  backends.push({
    label: "postgres",
    fresh: async () => {
      const name = `setup_race_${randomBytes(5).toString("hex")}`;
      await admin(`CREATE DATABASE "${name}"`);
      const url = new URL(PG_URL);
      url.pathname = `/${name}`;
      const handle = openDatabase({ url: url.toString() });
      await migrate(handle.driver);
      return { handle, drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
    },
  });
}

/** Resolves when two callers have arrived, or after a second for a lone caller. */
function pairUp(): () => Promise<void> {
  const waiting: (() => void)[] = [];
  return () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      if (waiting.length === 2) for (const release of waiting.splice(0)) release();
      else setTimeout(resolve, 1000);
    });
}

/**
 * The handle with one change: inside a transaction, creating a user waits until
 * both transactions have got that far (both have seen an empty users table),
 * and creating the membership, the last write, waits again before the commit.
 * That is the interleaving a race needs, every time rather than now and then.
 * PGlite runs transactions one at a time (the second waits for the first), so
 * there the handle is used as it is.
 */
function racing(handle: Database): Database {
  const counted = pairUp();
  const written = pairUp();
  const paced = <T extends object>(model: T, name: string): T =>
    new Proxy(model, {
      get(target, prop) {
        const value = Reflect.get(target, prop) as unknown;
        if (prop !== "create" || typeof value !== "function") return value;
        return async (...args: unknown[]) => {
          if (name === "user") await counted();
          const row = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          if (name === "membership") await written();
          return row;
        };
      },
    });
  const wrapTx = <T extends object>(tx: T): T =>
    new Proxy(tx, {
      get: (target, prop) => (prop === "user" || prop === "membership" ? paced(Reflect.get(target, prop) as object, prop) : Reflect.get(target, prop)),
    });
  const prisma = new Proxy(handle.prisma, {
    get(target, prop) {
      if (prop !== "$transaction") return Reflect.get(target, prop);
      return (fn: (tx: object) => Promise<unknown>, options?: unknown) =>
        (target.$transaction as (f: (tx: object) => Promise<unknown>, o?: unknown) => Promise<unknown>)((tx) => fn(wrapTx(tx)), options);
    },
  });
  return { ...handle, prisma };
}

type PoolInternals = pg.Pool & { _clients?: pg.PoolClient[]; _idle?: { client?: pg.PoolClient }[] };

/** Connections taken from the pool and not given back (0 for PGlite, which has no pool). */
function checkedOut(handle: Database): number {
  return handle.driver.kind === "postgres" ? handle.driver.pool.totalCount - handle.driver.pool.idleCount : 0;
}

/** Ends connections a failed test left checked out, so closing the pool cannot hang. */
async function endLeaked(handle: Database): Promise<void> {
  if (handle.driver.kind !== "postgres") return;
  const pool = handle.driver.pool as PoolInternals;
  const idle = new Set((pool._idle ?? []).map((i) => i.client ?? i));
  const ended: Promise<unknown>[] = [];
  for (const client of pool._clients ?? []) {
    client.on("error", () => {});
    if (idle.has(client)) continue;
    ended.push(new Promise((resolve) => client.once("end", resolve)));
    client.release(new Error("left checked out by the test"));
  }
  await Promise.race([Promise.all(ended), new Promise((resolve) => setTimeout(resolve, 5000))]);
}

const input = (n: number) =>
  setupSchema.parse({ name: `Root ${n}`, email: `root${n}@example.test`, password: `setup-password-${n}-long`, instance_name: `First ${n}` });

describe.each(backends)("first-run setup race [$label]", ({ fresh }) => {
  let current: Fresh | undefined;
  afterEach(async () => {
    if (current) {
      await endLeaked(current.handle);
      await current.handle.close();
      await current.drop();
    }
    current = undefined;
  });

  async function race() {
    current = await fresh();
    setDatabase(current.handle.driver.kind === "postgres" ? racing(current.handle) : current.handle);
    expect(await isSetupComplete()).toBe(false);
    const results = await Promise.allSettled([completeSetup(input(1)), completeSetup(input(2))]);
    const won = results.filter((r): r is PromiseFulfilledResult<Awaited<ReturnType<typeof completeSetup>>> => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    return { won, lost };
  }

  it("two concurrent setups on an empty database make exactly one superadmin; the other fails", async () => {
    const { won, lost } = await race();
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);

    const users = await db().user.findMany();
    expect(users.map((u) => [u.email, u.isSuperadmin])).toEqual([[won[0].value.user.email, true]]);
    expect(await db().instance.count()).toBe(1);
    expect(await db().membership.findMany({ select: { userId: true, instanceId: true, role: true } })).toEqual([
      { userId: won[0].value.user.id, instanceId: won[0].value.instance.id, role: "owner" },
    ]);

    // And setup stays closed.
    const again = await completeSetup(input(3)).catch((e: unknown) => e);
    expect(isAppError(again) && again.code).toBe("not_found");
    expect(await db().user.count()).toBe(1);
  });

  it("the losing transaction gives its database connection back to the pool", async () => {
    const { lost } = await race();
    expect(lost).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(checkedOut(current!.handle), String(lost[0].reason).split("\n")[0]).toBe(0);
  });

  it("the losing setup is told setup is complete (404), not an internal error", async () => {
    const { lost } = await race();
    expect(lost).toHaveLength(1);
    const err = toAppError(lost[0].reason, "req_setup_race");
    expect(err.code, String(lost[0].reason).slice(0, 300)).toBe("not_found");
  });
});
