import { afterAll, afterEach, describe, expect, it } from "vitest";
import { resetConfigForTests } from "@/lib/config";
import { newId } from "@/lib/ids";
import { consumeRequest } from "./limits";
import { resetLimitersForTests } from "./store";

// Shared stores for real: Redis and PostgreSQL on this machine.
const stores: { store: "memory" | "redis" | "postgres"; env: Record<string, string | undefined> }[] = [
  { store: "memory", env: {} },
];
// The Redis leg runs when npm test's preflight found Redis (scripts/test.mjs), always in CI.
if (process.env.PENAXTRA_TEST_REDIS === "1") stores.push({ store: "redis", env: { PENAXTRA_REDIS_URL: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379" } });
if (process.env.TEST_DATABASE_URL) stores.push({ store: "postgres", env: { DATABASE_URL: process.env.TEST_DATABASE_URL } });

for (const { store, env } of stores) {
  describe(`rate limit store: ${store}`, () => {
    const saved = { ...process.env };
    afterEach(async () => {
      process.env = { ...saved };
      resetConfigForTests();
      await resetLimitersForTests();
    });
    afterAll(async () => resetLimitersForTests());

    it("counts down and refuses past the limit with Retry-After and headers", async () => {
      Object.assign(process.env, env, { PENAXTRA_RATE_LIMIT_STORE: store });
      resetConfigForTests();
      const key = newId("tok");
      const states = [];
      for (let i = 0; i < 3; i++) states.push(await consumeRequest("per-token", key, 3));
      expect(states.map((s) => s.remaining)).toEqual([2, 1, 0]);
      const err = await consumeRequest("per-token", key, 3).catch((e) => e);
      expect(err.code).toBe("rate_limited");
      expect(err.extras.retryAfterSeconds).toBeGreaterThan(0);
      expect(err.extras.headers.RateLimit).toMatch(/^"per-token";r=0;t=\d+$/);
    });
  });
}
