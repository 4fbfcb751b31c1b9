import "server-only";
import { config } from "@/lib/config";
import { authSecret } from "@/lib/auth/secret";
import { database, closeDatabase } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { flushAudit } from "@/lib/audit/writer";
import { clientIp } from "@/lib/http/client-ip";
import { log } from "@/lib/log";

/**
 * Server start: validate configuration, refuse placeholder secrets, open the
 * database and apply migrations. Fails loudly: a half-configured security
 * product must not serve.
 */
export async function boot(): Promise<void> {
  const cfg = config();
  authSecret();
  clientIp(new Headers()); // validates PENAXTRA_TRUSTED_PROXIES
  const db = database();
  const applied = await migrate(db.driver);
  log.info(
    { database: db.driver.kind, dataDir: cfg.DATABASE_URL ? undefined : cfg.dataDir, migrationsApplied: applied, rateLimitStore: cfg.PENAXTRA_RATE_LIMIT_STORE },
    "penaxtra ready",
  );
  (globalThis as { __penaxtraShutdown?: () => Promise<void> }).__penaxtraShutdown = shutdown;
}

/** Called by the server on SIGTERM/SIGINT: write queued audit rows, close the database. */
async function shutdown(): Promise<void> {
  await flushAudit();
  await closeDatabase();
}
