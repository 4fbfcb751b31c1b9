import type { ChildProcess } from "node:child_process";
import { test, expect } from "@playwright/test";
import { recordCleartext } from "./fixtures";
import { cliOk, createTestDatabase, startServer, stopServers, waitHealthy } from "./processes";

// Two real app processes on one PostgreSQL database must enforce ONE per-token
// limit when the counter store is shared (Redis or PostgreSQL).

const LIMIT = 20;

// The Redis store is a leg of its own: npm test's preflight runs it when Redis answers (always in CI).
const STORES = process.env.PENAXTRA_TEST_REDIS === "1" ? (["redis", "postgres"] as const) : (["postgres"] as const);

for (const store of STORES) {
  test(`two processes share one rate limit through ${store}`, async () => {
    test.setTimeout(180_000);
    const database = createTestDatabase(`penaxtra_cluster_${store}`);
    const databaseUrl = database.url;
    const servers: ChildProcess[] = [];
    try {
      cliOk(["admin:create", "--email", "cluster@penaxtra.test"], databaseUrl, "cluster-password-123\n");
      const instance = cliOk(["instance:create", "--name", "Cluster"], databaseUrl);
      const minted = cliOk(["token:create", "--instance", instance.id, "--email", "cluster@penaxtra.test", "--name", "cluster", "--scopes", "audit:read"], databaseUrl);
      recordCleartext(minted.token);

      const ports = [3201, 3202].map((p) => p + (store === "postgres" ? 10 : 0));
      for (const port of ports) {
        servers.push(
          startServer(port, {
            DATABASE_URL: databaseUrl,
            PENAXTRA_RATE_LIMIT_STORE: store,
            PENAXTRA_RATE_LIMIT_PER_MINUTE: String(LIMIT),
            PENAXTRA_REDIS_URL: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
          }),
        );
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
      await stopServers(servers);
      database.drop();
    }
  });
}
