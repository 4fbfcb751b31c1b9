import { spawnSync } from "node:child_process";
import path from "node:path";
import { closeDatabase, openDatabase, setDatabase, type DatabaseTarget } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { resetConfigForTests } from "@/lib/config";
import { flushAudit } from "@/lib/audit/writer";

// The operator CLI as an operator runs it (a child process), and a way to look
// at its database from the test process while the CLI is not running.

const ROOT = path.resolve(import.meta.dirname, "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

export type CliRun = { status: number | null; stdout: string; stderr: string; json: Record<string, unknown> | null };

/** A function running one CLI command against this data directory (and PostgreSQL database, when given). */
export function cliRunner(dataDir: string, databaseUrl: string | undefined) {
  const env: NodeJS.ProcessEnv = { ...process.env, PENAXTRA_DATA_DIR: dataDir, PENAXTRA_LOG_LEVEL: "silent", NODE_ENV: "production" };
  delete env.DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  return (args: string[], stdin = ""): CliRun => {
    const r = spawnSync(TSX, ["--conditions=react-server", "cli/index.ts", ...args], { cwd: ROOT, env, input: stdin, encoding: "utf8", timeout: 60_000 });
    let json: Record<string, unknown> | null = null;
    try {
      json = JSON.parse(r.stdout.trim().split("\n").pop() ?? "");
    } catch {
      json = null;
    }
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, json };
  };
}

/** Opens the database the CLI uses, in this process, while the CLI is not running. */
export async function inspectCliDatabase<T>(target: DatabaseTarget, dataDir: string, fn: () => Promise<T>): Promise<T> {
  process.env.PENAXTRA_DATA_DIR = dataDir;
  resetConfigForTests();
  const handle = openDatabase(target);
  setDatabase(handle);
  try {
    await migrate(handle.driver);
    return await fn();
  } finally {
    // Queued audit rows go to this database, even when a check failed, before it closes.
    await flushAudit().catch(() => {});
    await closeDatabase();
  }
}
