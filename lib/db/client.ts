import "server-only";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client";
import { acquireLock } from "./lock";
import { config } from "@/lib/config";
import { dataDir } from "./data-dir";

// One Prisma client per process, opened lazily (never at import: `next build`
// workers evaluate server modules in several processes).

export type Driver = { kind: "pglite"; pglite: PGlite } | { kind: "postgres"; pool: pg.Pool };


export type DatabaseTarget = { url: string } | { pgliteDir: string } | { memory: true };

// Hash and ciphertext columns are left out of every query unless asked for.
const omit = {
  user: { passwordHash: true },
  apiToken: { tokenHash: true },
  secret: { sealedValue: true },
  llmConfig: { sealedKey: true },
} as const;

type ClientOptions = NonNullable<ConstructorParameters<typeof PrismaClient>[0]>;

function makeClient(adapter: ClientOptions["adapter"]) {
  return new PrismaClient({ adapter, omit });
}

export type Prisma = ReturnType<typeof makeClient>;

export type Database = {
  prisma: Prisma;
  driver: Driver;
  close(): Promise<void>;
};

// The extensions the migrations create (PostgreSQL ships them as contrib; PGlite loads them here).
const PGLITE_EXTENSIONS = { pg_trgm };

export function openDatabase(target: DatabaseTarget): Database {
  if ("url" in target) {
    const pool = new pg.Pool({ connectionString: target.url, max: 10 });
    const prisma = makeClient(new PrismaPg(pool));
    return { prisma, driver: { kind: "postgres", pool }, close: async () => { await prisma.$disconnect(); await pool.end(); } };
  }
  let release = () => {};
  let pglite: PGlite;
  if ("pgliteDir" in target) {
    release = acquireLock(`${target.pgliteDir}.lock`);
    pglite = new PGlite(target.pgliteDir, { extensions: PGLITE_EXTENSIONS });
  } else {
    pglite = new PGlite({ extensions: PGLITE_EXTENSIONS });
  }
  const prisma = makeClient(new PrismaPGlite(pglite));
  return {
    prisma,
    driver: { kind: "pglite", pglite },
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
      release();
    },
  };
}

/** Where this process's database lives, from the configuration. */
export function configuredTarget(): DatabaseTarget {
  const url = config().DATABASE_URL;
  return url ? { url } : { pgliteDir: path.join(dataDir(), "pglite") };
}

const holder = globalThis as unknown as { __penaxtraDb?: Database };

export function database(): Database {
  holder.__penaxtraDb ??= openDatabase(configuredTarget());
  return holder.__penaxtraDb;
}

/** The Prisma client. */
export function db(): Prisma {
  return database().prisma;
}

/** Tests and the CLI point the process at a database of their choosing. */
export function setDatabase(target: Database): void {
  holder.__penaxtraDb = target;
}

export async function closeDatabase(): Promise<void> {
  const current = holder.__penaxtraDb;
  holder.__penaxtraDb = undefined;
  await current?.close();
}
