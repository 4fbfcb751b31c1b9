import "server-only";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { ensureKeyring } from "./key-check";
import { open, SealRefusedError } from "./seal";
import { nameFromRef, secretRef } from "./schema";

// The one way a feature gets a credential: resolveSecretRef(instanceId,
// "secret:<name>"), called at the moment an outbound call needs the value.
// A reference to another instance's secret is unknown here, like one that
// does not exist anywhere.

function unknownRef(name: string | null): AppError {
  // A malformed reference is not echoed: it may be a value pasted by mistake.
  const detail = name
    ? `${secretRef(name)} does not exist in this workspace's secret store; create it under Settings → Secrets first`
    : "A secret reference has the form secret:<name>; create the secret under Settings → Secrets first";
  return new AppError("secret_ref_unknown", detail);
}

const sealedRow = (instanceId: string, name: string) =>
  db().secret.findFirst({ where: { instanceId, name }, omit: { sealedValue: false } });

/**
 * Opens one secret. A row re-sealed by a concurrent rotation is read again
 * once, with the re-read keyring, before the open is refused.
 */
export async function openSecret(instanceId: string, name: string): Promise<{ name: string; keyId: string; value: string }> {
  for (let attempt = 0; ; attempt++) {
    const row = await sealedRow(instanceId, name);
    if (!row) throw unknownRef(name);
    const ring = await ensureKeyring();
    try {
      return { name: row.name, keyId: row.keyId, value: open(ring, row) };
    } catch (e) {
      if (!(e instanceof SealRefusedError)) throw e;
      if (e.reason === "unknown_key" && attempt === 0) continue;
      log.error({ instanceId, secretName: name, keyId: row.keyId, reason: e.reason }, "sealed secret refused to open");
      throw new AppError(
        "secret_unreadable",
        `${secretRef(name)} could not be opened: its sealed value does not belong to it or its key is missing. Replace its value under Settings → Secrets.`,
      );
    }
  }
}

/** The value behind `secret:<name>` in this instance; 422 secret_ref_unknown otherwise. */
export async function resolveSecretRef(instanceId: string, ref: string): Promise<string> {
  const name = nameFromRef(ref);
  if (!name) throw unknownRef(null);
  return (await openSecret(instanceId, name)).value;
}

/** Checks that a reference names a secret of this instance, without opening it (for saving a record that refers to it). */
export async function assertSecretRef(instanceId: string, ref: string): Promise<void> {
  const name = nameFromRef(ref);
  if (!name) throw unknownRef(null);
  if ((await db().secret.count({ where: { instanceId, name } })) === 0) throw unknownRef(name);
}
