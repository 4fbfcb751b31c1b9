import "server-only";
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRedis,
  type RateLimiterAbstract,
} from "rate-limiter-flexible";
import { Redis } from "ioredis";
import pg from "pg";
import { config } from "@/lib/config";

// Counter stores through rate-limiter-flexible: in-process by default, shared
// in Redis or PostgreSQL so that several app processes enforce one limit.

type Options = { keyPrefix: string; points: number; duration: number };

type Shared = { redis?: Redis; pgPool?: pg.Pool };
const holder = globalThis as unknown as { __penaxtraLimiterStores?: Shared };

function shared(): Shared {
  holder.__penaxtraLimiterStores ??= {};
  return holder.__penaxtraLimiterStores;
}

function redis(): Redis {
  const s = shared();
  s.redis ??= new Redis(config().PENAXTRA_REDIS_URL, { enableOfflineQueue: true, maxRetriesPerRequest: 1 });
  return s.redis;
}

function pgPool(): pg.Pool {
  const url = config().DATABASE_URL;
  if (!url) throw new Error("PENAXTRA_RATE_LIMIT_STORE=postgres needs DATABASE_URL");
  const s = shared();
  s.pgPool ??= new pg.Pool({ connectionString: url, max: 4 });
  return s.pgPool;
}

const limiters = new Map<string, Promise<RateLimiterAbstract>>();

/** A limiter for this prefix and policy, created once per process. */
export function limiter(opts: Options): Promise<RateLimiterAbstract> {
  const store = config().PENAXTRA_RATE_LIMIT_STORE;
  const key = `${store}:${opts.keyPrefix}:${opts.points}:${opts.duration}`;
  let made = limiters.get(key);
  if (!made) {
    made = create(store, { ...opts, keyPrefix: `pnx:${opts.keyPrefix}:${opts.points}` });
    limiters.set(key, made);
    made.catch(() => limiters.delete(key));
  }
  return made;
}

function create(store: "memory" | "postgres" | "redis", opts: Options): Promise<RateLimiterAbstract> {
  if (store === "redis") return Promise.resolve(new RateLimiterRedis({ ...opts, storeClient: redis() }));
  if (store === "postgres") {
    return new Promise((resolve, reject) => {
      const l: RateLimiterPostgres = new RateLimiterPostgres(
        { ...opts, storeClient: pgPool(), tableName: "rate_limits" },
        (err?: Error) => (err ? reject(err) : resolve(l)),
      );
    });
  }
  return Promise.resolve(new RateLimiterMemory(opts));
}

/** Tests switch stores between cases. */
export async function resetLimitersForTests(): Promise<void> {
  limiters.clear();
  const s = shared();
  s.redis?.disconnect();
  await s.pgPool?.end();
  holder.__penaxtraLimiterStores = {};
}
