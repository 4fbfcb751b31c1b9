import type { ChildProcess } from "node:child_process";
import { test, expect } from "@playwright/test";
import { recordCleartext } from "./fixtures";
import { cliOk, createTestDatabase, startServer, stopServers, waitHealthy } from "./processes";

// Two app processes on one PostgreSQL database cache verified tokens for at
// most one second (lib/tokens/verified-cache.ts). A revocation made by a
// third process (the CLI) must stop the token on both within that bound,
// while each keeps serving requests from its cache until then.

const BOUND_MS = 1_000;
const LATENCY_SLACK_MS = 250; // one request's round trip on a busy two-core machine

test("a revocation by another process stops a cached token on both servers within one second", async () => {
  test.setTimeout(180_000);
  const database = createTestDatabase("penaxtra_token_cache");
  const servers: ChildProcess[] = [];
  const ports = [3221, 3222];
  try {
    cliOk(["admin:create", "--email", "cache@penaxtra.test"], database.url, "cache-password-1234\n");
    const instance = cliOk(["instance:create", "--name", "Cache"], database.url);
    const minted = cliOk(["token:create", "--instance", instance.id, "--email", "cache@penaxtra.test", "--name", "cache", "--scopes", "audit:read"], database.url);
    recordCleartext(minted.token);
    for (const port of ports) servers.push(startServer(port, { DATABASE_URL: database.url, PENAXTRA_RATE_LIMIT_PER_MINUTE: "100000" }));
    await Promise.all(ports.map(waitHealthy));

    const status = async (port: number) =>
      (await fetch(`http://127.0.0.1:${port}/api/v2/tokens/self`, { headers: { authorization: `Bearer ${minted.token}` } })).status;
    for (const port of ports) expect(await status(port)).toBe(200);

    // Keep both servers busy with the token while the CLI revokes it.
    const refusedAt = new Map<number, number>();
    let stop = false;
    const pollers = ports.map(async (port) => {
      while (!stop && !refusedAt.has(port)) {
        const s = await status(port);
        if (s === 401) refusedAt.set(port, Date.now());
        else expect(s).toBe(200);
      }
    });
    cliOk(["token:revoke", "--short-id", minted.short_id], database.url);
    const revokedBy = Date.now(); // the revocation committed before the CLI exited
    await Promise.race([Promise.all(pollers), new Promise((r) => setTimeout(r, 10_000))]);
    stop = true;
    for (const port of ports) {
      expect(refusedAt.has(port), `server ${port} still accepts the revoked token`).toBe(true);
      expect(refusedAt.get(port)! - revokedBy).toBeLessThanOrEqual(BOUND_MS + LATENCY_SLACK_MS);
    }
  } finally {
    await stopServers(servers);
    database.drop();
  }
});
