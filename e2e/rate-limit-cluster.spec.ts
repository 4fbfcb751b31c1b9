import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test, expect } from "@playwright/test";
import { recordCleartext } from "./fixtures";

// Two real app processes on one PostgreSQL database must enforce ONE per-token
// limit when the counter store is shared (Redis or PostgreSQL).

const ADMIN_URL = process.env.TEST_DATABASE_URL
  ? process.env.TEST_DATABASE_URL.replace(/\/[^/]*$/, "/postgres")
  : "postgresql://postgres@127.0.0.1:5432/postgres";
const LIMIT = 20;

function run(args: string[], env: Record<string, string>): string {
  const res = spawnSync(process.execPath, args, { env: { ...process.env, ...env }, encoding: "utf8", timeout: 120_000 });
  if (res.status !== 0) throw new Error(`${args.join(" ")} failed: ${res.stderr || res.stdout}`);
  return res.stdout;
}

function cli(args: string[], databaseUrl: string): Record<string, string> {
  const out = run(["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "cli/index.ts", ...args, "--json"], { DATABASE_URL: databaseUrl });
  return JSON.parse(out.trim().split("\n").pop()!);
}

async function waitHealthy(port: number): Promise<void> {
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

for (const store of ["redis", "postgres"] as const) {
  test(`two processes share one rate limit through ${store}`, async () => {
    test.setTimeout(180_000);
    const dbName = `penaxtra_cluster_${store}_${Date.now()}`;
    run(["scripts/test-db.mjs", "create", ADMIN_URL, dbName], {});
    const databaseUrl = ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`);
    const servers: ChildProcess[] = [];
    try {
      cli(["admin:create", "--email", "cluster@penaxtra.test", "--password", "cluster-password-123"], databaseUrl);
      const instance = cli(["instance:create", "--name", "Cluster"], databaseUrl);
      const minted = cli(["token:create", "--instance", instance.id, "--email", "cluster@penaxtra.test", "--name", "cluster", "--scopes", "audit:read"], databaseUrl);
      recordCleartext(minted.token);

      const ports = [3201, 3202].map((p) => p + (store === "postgres" ? 10 : 0));
      for (const port of ports) {
        const proc = spawn(process.execPath, ["scripts/start.mjs"], {
          env: {
            ...process.env,
            PORT: String(port),
            DATABASE_URL: databaseUrl,
            PENAXTRA_DATA_DIR: mkdtempSync(path.join(tmpdir(), "penaxtra-cluster-")),
            PENAXTRA_RATE_LIMIT_STORE: store,
            PENAXTRA_RATE_LIMIT_PER_MINUTE: String(LIMIT),
            PENAXTRA_REDIS_URL: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
            PENAXTRA_LOG_LEVEL: "warn",
          },
          stdio: "ignore",
        });
        servers.push(proc);
      }
      await Promise.all(ports.map(waitHealthy));

      const statuses: number[] = [];
      for (let i = 0; i < LIMIT + 10; i++) {
        const res = await fetch(`http://127.0.0.1:${ports[i % 2]}/api/v2/tokens/self`, { headers: { authorization: `Bearer ${minted.token}` } });
        statuses.push(res.status);
        if (res.status === 429) expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
      }
      expect(statuses.filter((s) => s === 200)).toHaveLength(LIMIT);
      expect(statuses.filter((s) => s === 429)).toHaveLength(10);
    } finally {
      for (const s of servers) s.kill("SIGTERM");
      await new Promise((r) => setTimeout(r, 1000));
      run(["scripts/test-db.mjs", "drop", ADMIN_URL, dbName], {});
    }
  });
}
