import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// Child processes for the specs that run the CLI or extra servers against a
// fresh PostgreSQL database of their own.

export const PG_ADMIN_URL = process.env.TEST_DATABASE_URL
  ? process.env.TEST_DATABASE_URL.replace(/\/[^/]*$/, "/postgres")
  : "postgresql://postgres@127.0.0.1:5432/postgres";

function run(args: string[], env: Record<string, string>, input?: string) {
  return spawnSync(process.execPath, args, { env: { ...process.env, ...env }, input, encoding: "utf8", timeout: 120_000 });
}

/** Creates a database named after `prefix`; answers its URL and a function that drops it. */
export function createTestDatabase(prefix: string): { url: string; drop: () => void } {
  const name = `${prefix}_${Date.now()}`;
  const created = run(["scripts/test-db.mjs", "create", PG_ADMIN_URL, name], {});
  if (created.status !== 0) throw new Error(`creating ${name} failed: ${created.stderr || created.stdout}`);
  return { url: PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`), drop: () => void run(["scripts/test-db.mjs", "drop", PG_ADMIN_URL, name], {}) };
}

export const CLI_ARGS = ["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "cli/index.ts"];

export type CliResult = { status: number | null; json: Record<string, string>; stderr: string };

/** Runs one CLI command with --json; `input` is written to its stdin (then closed). */
export function cli(args: string[], databaseUrl: string, input?: string): CliResult {
  const res = run([...CLI_ARGS, ...args, "--json"], { DATABASE_URL: databaseUrl }, input ?? "");
  const last = res.stdout.trim().split("\n").pop() ?? "";
  let json: Record<string, string> = {};
  try {
    json = JSON.parse(last);
  } catch {
    // no JSON answer: the caller sees the status and stderr
  }
  return { status: res.status, json, stderr: res.stderr };
}

/** Like cli(), but the command must succeed. */
export function cliOk(args: string[], databaseUrl: string, input?: string): Record<string, string> {
  const res = cli(args, databaseUrl, input);
  if (res.status !== 0) throw new Error(`${args.join(" ")} failed (${res.status}): ${JSON.stringify(res.json)} ${res.stderr}`);
  return res.json;
}

/** Starts the built server on a port with extra environment. */
export function startServer(port: number, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ["scripts/start.mjs"], {
    env: {
      ...process.env,
      PORT: String(port),
      PENAXTRA_DATA_DIR: mkdtempSync(path.join(tmpdir(), "penaxtra-e2e-")),
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      PENAXTRA_LOG_LEVEL: "warn",
      ...env,
    },
    stdio: "ignore",
  });
}

export async function waitHealthy(port: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server on ${port} did not become healthy`);
}

export async function stopServers(servers: ChildProcess[]): Promise<void> {
  for (const s of servers) s.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 1000));
}
