import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { test, expect } from "@playwright/test";
import { recordCleartext } from "./fixtures";
import { waitHealthy } from "./processes";


// Audit rows are queued and written in batches a few milliseconds later. A
// SIGTERM right after the last answer must still write every queued row
// before the process exits: one api.request row per answered request.

const ADMIN_URL = process.env.TEST_DATABASE_URL
  ? process.env.TEST_DATABASE_URL.replace(/\/[^/]*$/, "/postgres")
  : "postgresql://postgres@127.0.0.1:5432/postgres";
const PORT = 3261;
const REQUESTS = 200;
const CONCURRENCY = 25;

function run(args: string[], env: Record<string, string>): string {
  const res = spawnSync(process.execPath, args, { env: { ...process.env, ...env }, encoding: "utf8", timeout: 120_000 });
  if (res.status !== 0) throw new Error(`${args.join(" ")} failed: ${res.stderr || res.stdout}`);
  return res.stdout;
}

function cli(args: string[], databaseUrl: string): Record<string, string> {
  const out = run(["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "cli/index.ts", ...args, "--json"], { DATABASE_URL: databaseUrl });
  return JSON.parse(out.trim().split("\n").pop()!);
}

async function sql<T extends pg.QueryResultRow>(databaseUrl: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

test("SIGTERM right after the last answer still writes an audit row for every answered request", async () => {
  test.setTimeout(180_000);
  const dbName = `penaxtra_graceful_${Date.now()}`;
  run(["scripts/test-db.mjs", "create", ADMIN_URL, dbName], {});
  const databaseUrl = ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`);
  const dataDir = mkdtempSync(path.join(tmpdir(), "penaxtra-graceful-"));
  let server: ReturnType<typeof spawn> | undefined;
  try {
    // The instance through the CLI (which applies the migrations), the superadmin straight into the table.
    const instance = cli(["instance:create", "--name", "Graceful"], databaseUrl);
    await sql(databaseUrl, `INSERT INTO "users" ("id", "email", "handle", "password_hash", "is_superadmin", "updated_at") VALUES ($1, $2, 'graceful', 'not-a-hash', true, now())`, [
      "usr_gracefulstop0000001",
      "graceful@penaxtra.test",
    ]);
    const minted = cli(["token:create", "--instance", instance.id, "--email", "graceful@penaxtra.test", "--name", "graceful", "--scopes", "audit:read"], databaseUrl);
    recordCleartext(minted.token);

    server = spawn(process.execPath, ["scripts/start.mjs"], {
      env: { ...process.env, PORT: String(PORT), DATABASE_URL: databaseUrl, PENAXTRA_DATA_DIR: dataDir, PENAXTRA_LOG_LEVEL: "warn" },
      stdio: "ignore",
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => server!.once("exit", (code, signal) => resolve({ code, signal })));
    await waitHealthy(PORT);

    const ask = async () => {
      const res = await fetch(`http://127.0.0.1:${PORT}/api/v2/tokens/self`, { headers: { authorization: `Bearer ${minted.token}` } });
      await res.arrayBuffer();
      return res.status;
    };
    const statuses: number[] = [];
    for (let sent = 0; sent < REQUESTS - 1; sent += CONCURRENCY) {
      statuses.push(...(await Promise.all(Array.from({ length: Math.min(CONCURRENCY, REQUESTS - 1 - sent) }, ask))));
    }
    // The last request alone, after a pause: its row starts a fresh batch, which
    // waits a few milliseconds before it is written, and SIGTERM lands in that wait.
    await new Promise((r) => setTimeout(r, 100));
    const last = await fetch(`http://127.0.0.1:${PORT}/api/v2/tokens/self`, { headers: { authorization: `Bearer ${minted.token}` } });
    server.kill("SIGTERM"); // on the answer's status line, before its body is read
    statuses.push(last.status);
    await last.arrayBuffer().catch(() => {});
    const answered = statuses.filter((s) => s === 200).length;
    expect(answered).toBe(REQUESTS);

    const exit = await Promise.race([exited, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 30_000))]);
    expect(exit).toEqual({ code: 0, signal: null });

    const [{ rows }] = await sql<{ rows: number }>(
      databaseUrl,
      `SELECT count(*)::int AS rows FROM "audit_events" WHERE "token_short_id" = $1 AND "action" = 'api.request' AND "status" = 200`,
      [minted.short_id],
    );
    expect(rows).toBe(answered);
  } finally {
    if (server && server.exitCode === null && server.signalCode === null) server.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
    run(["scripts/test-db.mjs", "drop", ADMIN_URL, dbName], {});
  }
});
