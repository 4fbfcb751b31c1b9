import "server-only";
import { actingUserId, actorLabel, type Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { uniqueOr } from "@/lib/db/errors";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { getInstance } from "@/lib/instances/service";
import { withSealLock } from "./key-check";
import { openSecret } from "./resolve";
import { seal } from "./seal";
import { createSecretSchema, maskedHint, replaceSecretSchema, secretNameSchema, secretRef, type SecretUser, type SecretView } from "./schema";
import { findSecretUsers, findSecretUsersByName } from "./usage";

// The secret store. Every function takes the instance id first; a name from
// another instance behaves exactly like a name that does not exist. Values go
// in, never out: results are SecretView, which has no value field.

/** Who made a change: a console user, or the CLI (no user id). */

type Row = { id: string; name: string; hint: string; keyId: string; createdAt: Date; updatedAt: Date; updatedBy: string | null };

function toView(row: Row, usedBy: SecretUser[]): SecretView {
  return {
    id: row.id,
    name: row.name,
    ref: secretRef(row.name),
    hint: row.hint,
    key_id: row.keyId,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    updated_by: row.updatedBy,
    used_by: usedBy,
  };
}

const secretNotFound = (name: string) => new AppError("not_found", `No secret named ${name} in this workspace`);

async function findRow(instanceId: string, rawName: string) {
  const name = secretNameSchema.parse(rawName);
  const row = await db().secret.findFirst({ where: { instanceId, name } });
  if (!row) throw secretNotFound(name);
  return row;
}

export async function listSecrets(instanceId: string): Promise<SecretView[]> {
  const rows = await db().secret.findMany({ where: { instanceId }, orderBy: { name: "asc" } });
  const users = await findSecretUsersByName(instanceId, rows.map((r) => r.name));
  return rows.map((r) => toView(r, users.get(r.name) ?? []));
}

export async function getSecret(instanceId: string, name: string): Promise<SecretView> {
  const row = await findRow(instanceId, name);
  return toView(row, await findSecretUsers(instanceId, row.name));
}

export async function secretExists(instanceId: string, name: string): Promise<boolean> {
  return (await db().secret.count({ where: { instanceId, name } })) > 0;
}

/** Creates a secret; 409 already_exists when the name is taken in this instance. */
export async function createSecret(instanceId: string, input: unknown, actor: Actor): Promise<SecretView> {
  const { name, value } = createSecretSchema.parse(input);
  await getInstance(instanceId);
  const row = await withSealLock("shared", async (tx, ring) => {
    return uniqueOr(
      tx.secret.create({
        data: {
          id: newId("sec"),
          instanceId,
          name,
          ...seal(ring.active, { instanceId, name }, value),
          hint: maskedHint(value),
          updatedById: actingUserId(actor),
          updatedBy: actorLabel(actor),
        },
        omit: { sealedValue: true },
      }),
      `A secret named ${name} already exists; replace its value instead`,
      { errors: [{ pointer: "/name", code: "already_exists", message: "This name is taken in this workspace" }] },
    );
  });
  return toView(row, []);
}

/** Seals a new value for an existing secret (to the active key). */
export async function replaceSecret(instanceId: string, input: unknown, actor: Actor): Promise<SecretView> {
  const { name, value } = replaceSecretSchema.parse(input);
  const row = await withSealLock("shared", async (tx, ring) => {
    const existing = await tx.secret.findFirst({ where: { instanceId, name } });
    if (!existing) throw secretNotFound(name);
    return tx.secret.update({
      where: { id: existing.id },
      data: { ...seal(ring.active, { instanceId, name }, value), hint: maskedHint(value), updatedById: actingUserId(actor), updatedBy: actorLabel(actor) },
      omit: { sealedValue: true },
    });
  });
  return toView(row, await findSecretUsers(instanceId, name));
}

/** Deletes a secret nothing refers to; 409 secret_in_use (with the users) otherwise. */
export async function deleteSecret(instanceId: string, name: string): Promise<{ id: string; name: string }> {
  const row = await findRow(instanceId, name);
  const users = await findSecretUsers(instanceId, row.name);
  if (users.length > 0) {
    const list = users.map((u) => `${u.kind === "endpoint" ? "endpoint" : "LLM configuration"} ${u.name}`).join(", ");
    throw new AppError("secret_in_use", `${secretRef(row.name)} is used by ${list}; point them at another secret first`, {
      members: { used_by: users },
    });
  }
  await db().secret.delete({ where: { id: row.id } });
  return { id: row.id, name: row.name };
}

/**
 * Confirms that a secret's sealed value opens with the current keyring and
 * belongs to its row, then forgets the value. Answers nothing derived from it.
 */
export async function verifySecret(instanceId: string, name: string): Promise<{ name: string; key_id: string }> {
  const row = await findRow(instanceId, name);
  const opened = await openSecret(instanceId, row.name);
  return { name: opened.name, key_id: opened.keyId };
}

/** Creates the secret or replaces its value: what `secret:set` does. */
export async function setSecret(instanceId: string, input: unknown, actor: Actor): Promise<{ created: boolean; secret: SecretView }> {
  const { name } = createSecretSchema.parse(input);
  if (await secretExists(instanceId, name)) return { created: false, secret: await replaceSecret(instanceId, input, actor) };
  try {
    return { created: true, secret: await createSecret(instanceId, input, actor) };
  } catch (e) {
    if (e instanceof AppError && e.code === "already_exists") return { created: false, secret: await replaceSecret(instanceId, input, actor) };
    throw e;
  }
}
