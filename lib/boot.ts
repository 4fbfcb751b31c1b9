import "server-only";
import { config } from "@/lib/config";
import { authSecret } from "@/lib/auth/secret";
import { database, closeDatabase } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { flushAudit } from "@/lib/audit/writer";
import { flushLog, log } from "@/lib/log";
import { verifyKeyring } from "@/lib/secrets/key-check";

/**
 * Server start: validate configuration, refuse placeholder secrets, open the
 * database, apply migrations and check the seal keyring against the sealed
 * rows. Fails loudly: a half-configured security product must not serve.
 */
export async function boot(): Promise<void> {
  const cfg = config(); // validates every variable (PENAXTRA_TRUSTED_PROXIES included) or throws naming it
  authSecret();
  const db = database();
  const applied = await migrate(db.driver);
  // A wrong or missing seal key stops the start here: never a new key that would orphan the secrets.
  const { ring } = await verifyKeyring();
  log.info(
    {
      database: db.driver.kind,
      dataDir: cfg.DATABASE_URL ? undefined : cfg.dataDir,
      migrationsApplied: applied,
      rateLimitStore: cfg.PENAXTRA_RATE_LIMIT_STORE,
      sealKeys: ring.source,
      activeSealKeyId: ring.active.id,
    },
    "penaxtra ready",
  );
  (globalThis as { __penaxtraShutdown?: () => Promise<void> }).__penaxtraShutdown = shutdown;
}

/** Called by the server on SIGTERM/SIGINT: write queued audit rows, close the database. */
async function shutdown(): Promise<void> {
  await flushAudit();
  await closeDatabase();
  await flushLog();
}
