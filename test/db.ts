import { afterAll, beforeAll, describe, vi } from "vitest";
import { database, openDatabase, setDatabase, type Database } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { flushAudit } from "@/lib/audit/writer";

type Handle = Database;

type Backend = { label: string; open: () => Promise<Handle> };

function backends(): Backend[] {
  const list: Backend[] = [
    {
      label: "pglite",
      open: async () => {
        const handle = openDatabase({ memory: true });
        await migrate(handle.driver);
        return handle;
      },
    },
  ];
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    list.push({
      label: "postgres",
      open: async () => {
        const handle = openDatabase({ url });
        await migrate(handle.driver);
        return handle;
      },
    });
  }
  return list;
}

/**
 * Runs the suite once per database: embedded PGlite always, PostgreSQL when
 * TEST_DATABASE_URL is set. Services reach the database through db(), which
 * points at the suite's database for its duration.
 */
export function describeWithDatabase(name: string, suite: (current: () => Handle) => void): void {
  for (const backend of backends()) {
    describe(`${name} [${backend.label}]`, () => {
      let handle: Handle;
      beforeAll(async () => {
        handle = await backend.open();
        setDatabase(handle);
      });
      afterAll(async () => {
        // Queued audit rows go to this database before it closes (a write racing the close leaves
        // its connection idle in a transaction, and the close waits for it).
        await flushAudit();
        await handle?.close();
      });
      suite(() => handle);
    });
  }
}

/** Watches the statements sent straight to the driver (lib/db/sql.ts) on the current database. */
export function spyOnDriverSql(): { texts: () => string[]; restore: () => void } {
  const driver = database().driver;
  const spy = driver.kind === "postgres" ? vi.spyOn(driver.pool, "query") : vi.spyOn(driver.pglite, "query");
  const textOf = (q: unknown) => (typeof q === "string" ? q : String((q as { text?: unknown })?.text ?? ""));
  return { texts: () => spy.mock.calls.map(([q]) => textOf(q)), restore: () => spy.mockRestore() };
}
