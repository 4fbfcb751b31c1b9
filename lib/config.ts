import "server-only";
import path from "node:path";
import { z } from "zod";
import { parseCidrList } from "@/lib/ip";
import { parseEgressAllowlist } from "@/lib/egress/allowlist";

// Every environment variable the product reads, in one place (README table).
const envSchema = z.object({
  DATABASE_URL: z.string().startsWith("postgres").optional(),
  PENAXTRA_DATA_DIR: z.string().default(".data"),
  PENAXTRA_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  PENAXTRA_TRUSTED_PROXIES: z.string().default("").transform((raw, ctx) => {
    try {
      return parseCidrList(raw);
    } catch (e) {
      ctx.addIssue({ code: "custom", message: (e as Error).message });
      return z.NEVER;
    }
  }),
  PENAXTRA_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  // The most an admin may set a single token's own limit to.
  PENAXTRA_RATE_LIMIT_MAX_PER_MINUTE: z.coerce.number().int().positive().default(10_000),
  // How long a verified token (with its creator's role) is reused without a lookup. A revocation, role
  // change or removal made in this process applies at once; made elsewhere (another replica, the CLI),
  // within this bound. 0 turns the cache off. At most one second (issue #12's bound).
  PENAXTRA_AUTH_CACHE_MS: z.coerce.number().int().min(0).max(1_000).default(1_000),
  PENAXTRA_AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().positive().default(30),
  PENAXTRA_RATE_LIMIT_STORE: z.enum(["memory", "postgres", "redis"]).default("memory"),
  PENAXTRA_REDIS_URL: z.string().default("redis://127.0.0.1:6379"),
  PENAXTRA_SEAL_KEY: z.string().optional(),
  PENAXTRA_EGRESS_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  PENAXTRA_EGRESS_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
  // Outbound calls to private, loopback and other internal addresses are refused unless admitted here.
  PENAXTRA_EGRESS_ALLOW: z.string().default("").transform((raw, ctx) => {
    try {
      return parseEgressAllowlist(raw);
    } catch (e) {
      ctx.addIssue({ code: "custom", message: (e as Error).message });
      return z.NEVER;
    }
  }),
  NEXTAUTH_SECRET: z.string().optional(),
  NEXTAUTH_URL: z.string().optional(),
});

export type Config = z.infer<typeof envSchema> & { dataDir: string };

let cached: Config | undefined;

export function config(): Config {
  if (!cached) {
    const parsed = envSchema.safeParse(emptyToUndefined(process.env));
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
      throw new Error(`Invalid configuration: ${problems.join("; ")}`);
    }
    cached = { ...parsed.data, dataDir: path.resolve(parsed.data.PENAXTRA_DATA_DIR) };
  }
  return cached;
}

/** Tests change the environment between cases; production never calls this. */
export function resetConfigForTests(): void {
  cached = undefined;
}

function emptyToUndefined(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === "" ? undefined : v]));
}
