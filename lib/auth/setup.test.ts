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

/**
 * The handle with one change: inside a transaction, creating a user first waits
 * (up to a second) until two transactions have got that far. Both setups have
 * then checked that the users table is empty before either writes, which is
 * the interleaving a race needs, every time rather than now and then. Where
 * the database runs transactions one at a time (PGlite) the wait times out
 * and the second transaction starts after the first.
 */
function racing(handle: Database): Database {
  let waiting: (() => void)[] = [];
  const gate = () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      if (waiting.length === 2) for (const release of waiting.splice(0)) release();
      else setTimeout(resolve, 1000);
    });
  const slowCreate = <T extends object>(model: T): T =>
    new Proxy(model, {
      get(target, prop) {
        const value = Reflect.get(target, prop) as unknown;
        if (prop !== "create" || typeof value !== "function") return value;
        return async (...args: unknown[]) => {
          await gate();
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  const wrapTx = <T extends object>(tx: T): T =>
    new Proxy(tx, { get: (target, prop) => (prop === "user" ? slowCreate(Reflect.get(target, prop) as object) : Reflect.get(target, prop)) });
  const prisma = new Proxy(handle.prisma, {
    get(target, prop) {
      if (prop !== "$transaction") return Reflect.get(target, prop);
      return (fn: (tx: object) => Promise<unknown>, options?: unknown) =>
        (target.$transaction as (f: (tx: object) => Promise<unknown>, o?: unknown) => Promise<unknown>)((tx) => fn(wrapTx(tx)), options);
    },
  });
  return { ...handle, prisma };
}

const input = (n: number) =>
  setupSchema.parse({ name: `Root ${n}`, email: `root${n}@example.test`, password: `setup-password-${n}-long`, instance_name: `First ${n}` });

describe.each(backends)("first-run setup race [$label]", ({ fresh }) => {
  let current: Fresh | undefined;
  afterEach(async () => {
    await current?.handle.close();
    await current?.drop();
    current = undefined;
  });

  async function race() {
    current = await fresh();
    setDatabase(racing(current.handle));
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

  it("the losing setup is told setup is complete (404), not an internal error", async () => {
    const { lost } = await race();
    expect(lost).toHaveLength(1);
    const err = toAppError(lost[0].reason, "req_setup_race");
    expect(err.code, String(lost[0].reason).slice(0, 300)).toBe("not_found");
  });
});
