import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll } from "vitest";
import { resetConfigForTests } from "@/lib/config";
import { resetKeyringForTests } from "@/lib/secrets/keyring";

// Helpers for suites about the secret store.

/**
 * Gives this test file a PostgreSQL database of its own when TEST_DATABASE_URL
 * is set. The seal keyring is process-wide and rotation re-seals every row of
 * the database, so suites in parallel processes must not share one. Call with
 * top-level await before describeWithDatabase.
 */
export async function isolatePostgres(label: string): Promise<void> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return;
  const name = `${label}_${randomBytes(5).toString("hex")}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  process.env.TEST_DATABASE_URL = url.toString();
  afterAll(() => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

// Every data directory a suite makes lives under one parent, removed after the file's suites.
const parent = mkdtempSync(path.join(os.tmpdir(), "penaxtra-secrets-"));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

/** Points the process at a fresh data directory with no seal key (file mode). */
export function useFreshDataDir(): string {
  const dir = mkdtempSync(path.join(parent, "data-"));
  process.env.PENAXTRA_DATA_DIR = dir;
  delete process.env.PENAXTRA_SEAL_KEY;
  resetConfigForTests();
  resetKeyringForTests();
  return dir;
}

/** Switches to PENAXTRA_SEAL_KEY mode with the given entries (first active). */
export function useEnvKeys(entries: string[]): void {
  process.env.PENAXTRA_SEAL_KEY = entries.join(",");
  resetConfigForTests();
  resetKeyringForTests();
}

/** A value no other test uses, easy to search for in a dump. */
export function canary(label = "value"): string {
  return `pnx-canary-${label}-${randomBytes(12).toString("hex")}`;
}
