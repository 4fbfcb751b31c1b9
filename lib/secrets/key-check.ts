import "server-only";
import { db, type Prisma } from "@/lib/db/client";
import { createKeyFile, describeSource, keyFilePath, KeyringError, readKeyring, type Keyring } from "./keyring";

// The rules that tie the keyring to the rows it must open: a key is generated
// only when no sealed row exists (a lost key is an error, never a reason to
// make a new one), and the server refuses to start while any row uses a key
// the keyring does not hold.

export type Tx = Omit<Prisma, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/** The keyring, generating the first key file only into an empty secret store. */
export async function ensureKeyring(): Promise<Keyring> {
  const ring = await readKeyring();
  if (ring) return ring;
  // LLM configuration keys are sealed rows too (lib/llm-config).
  const [secrets, llmKeys] = await Promise.all([db().secret.count(), db().llmConfig.count()]);
  const sealed = secrets + llmKeys;
  if (sealed > 0) {
    throw new KeyringError(
      `No seal key: PENAXTRA_SEAL_KEY is not set and ${keyFilePath()} does not exist, yet ${sealed} sealed secret(s) do. ` +
        `A new key could not open them, so none is generated. Restore the key file from your backup or set ` +
        `PENAXTRA_SEAL_KEY to the key that sealed them (docs/secrets.md).`,
    );
  }
  return createKeyFile();
}

export type KeyUsage = { keyId: string; rows: number };

/** How many sealed rows (secrets and LLM configuration keys) each key id holds. */
export async function keyUsage(client: Tx = db()): Promise<KeyUsage[]> {
  const groups = [
    ...(await client.secret.groupBy({ by: ["keyId"], _count: { _all: true } })),
    ...(await client.llmConfig.groupBy({ by: ["keyId"], _count: { _all: true } })),
  ];
  const rows = new Map<string, number>();
  for (const g of groups) rows.set(g.keyId, (rows.get(g.keyId) ?? 0) + g._count._all);
  return [...rows].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([keyId, count]) => ({ keyId, rows: count }));
}

/**
 * Boot check: the keyring loads (a wrong PENAXTRA_SEAL_KEY fails here) and
 * holds every key id that sealed rows use.
 */
export async function verifyKeyring(): Promise<{ ring: Keyring; usage: KeyUsage[] }> {
  const ring = await ensureKeyring();
  const usage = await keyUsage();
  const missing = usage.filter((u) => !ring.keys.has(u.keyId));
  if (missing.length > 0) {
    const list = missing.map((m) => `${m.keyId} (${m.rows} secret${m.rows === 1 ? "" : "s"})`).join(", ");
    throw new KeyringError(
      `Sealed secrets use key ids that the seal keyring (${describeSource(ring)}) does not hold: ${list}. ` +
        `They could not be opened. Restore the key file from your backup, or add the missing key to ` +
        `PENAXTRA_SEAL_KEY (docs/secrets.md). Nothing was changed.`,
    );
  }
  return { ring, usage };
}

const SEAL_LOCK = 727_002;

/**
 * Runs `fn` in a transaction holding the seal advisory lock, with the keyring
 * as read after the lock was taken. Sealing takes the lock shared; a rotation
 * takes it exclusive while it switches the active key, so no value is ever
 * sealed to a key the rotation has already moved away from.
 */
export async function withSealLock<T>(mode: "shared" | "exclusive", fn: (tx: Tx, ring: Keyring) => Promise<T>): Promise<T> {
  await ensureKeyring(); // may query the database: before the transaction, never inside it
  const lock = mode === "shared" ? "pg_advisory_xact_lock_shared" : "pg_advisory_xact_lock";
  return db().$transaction(async (tx) => {
    await tx.$queryRawUnsafe(`SELECT 1 AS locked FROM (SELECT ${lock}(${SEAL_LOCK})) AS l`);
    const ring = await readKeyring();
    if (!ring) throw new KeyringError(`The seal key file ${keyFilePath()} disappeared; restore it from your backup`);
    return fn(tx, ring);
  });
}
