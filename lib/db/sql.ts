import "server-only";
import { createHash } from "node:crypto";
import { database } from "./client";

// Hand-written SQL for the hot paths (the endpoint list and read, the endpoint
// test's history row, the audit batch): one statement straight to the driver,
// without Prisma's per-query compilation, which was the largest share of the
// CPU of an authenticated read (docs/performance.md). Everything else uses
// Prisma. Values are always parameters ($1, $2, …), never spliced into text.
//
// Time columns are `timestamp(3)` holding UTC (Prisma's convention). Read them
// through `utc("col")`, which answers a timestamptz that both drivers parse to
// the right Date whatever the process's time zone; compare or write them with
// `utcParam(n)`, given an ISO string (`date.toISOString()`).

export type SqlOptions = {
  /**
   * PostgreSQL: send it as a named (prepared) statement, parsed once per connection and, after
   * a few runs, planned from a cached plan (docs/performance.md). Only for texts fixed in code:
   * every distinct text is kept by every pooled connection, so a text shaped by a client's
   * choice of filters stays unnamed.
   */
  prepare?: boolean;
};

export async function sql<T>(text: string, values: unknown[] = [], opts: SqlOptions = {}): Promise<T[]> {
  const driver = database().driver;
  try {
    if (driver.kind === "postgres") {
      const query = opts.prepare ? { name: statementName(text), text, values } : { text, values };
      return (await driver.pool.query(query)).rows as T[];
    }
    // PGlite's query waits for any open Prisma transaction (they share one session).
    return (await driver.pglite.query<T>(text, values)).rows;
  } catch (e) {
    throw withoutValues(e);
  }
}

/**
 * PGlite's errors carry the statement's parameters (`params`, `query`): a search text, an
 * e-mail, a token's hash. Errors are logged whole, so those fields go before anyone sees it.
 */
function withoutValues(e: unknown): unknown {
  if (e && typeof e === "object") {
    for (const field of ["params", "query"]) if (field in e) delete (e as Record<string, unknown>)[field];
  }
  return e;
}

const names = new Map<string, string>();

/** The same text, the same name on every connection. */
function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `pnx_${createHash("sha256").update(text).digest("hex").slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

/** A timestamp(3) column read as an instant. */
export function utc(column: string): string {
  return `(${column} AT TIME ZONE 'UTC')`;
}

/** Parameter $n (an ISO 8601 instant) as a timestamp(3) value in UTC. */
export function utcParam(n: number): string {
  return `($${n}::timestamptz AT TIME ZONE 'UTC')`;
}
