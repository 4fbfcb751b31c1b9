import "server-only";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { can } from "@/lib/auth/permissions";
import { actingUserId, type Actor } from "@/lib/auth/actor";
import { actorRoleIn } from "@/lib/instances/service";
import { nameFromRef } from "@/lib/secrets/schema";

// An endpoint sends its secret to its URL's host. Whoever points a secret at
// a host could read its value there, so choosing the secret of an endpoint,
// or moving an endpoint that has one to another host, needs the right to the
// value: a role that manages secrets (secrets:manage), or being the person
// who set the secret's value (they know it already). The operator CLI may.

/** Refuses (403) an actor who may not make an endpoint send this secret. */
export async function assertMaySendSecret(instanceId: string, ref: string, actor: Actor): Promise<void> {
  if (can(await actorRoleIn(actor, instanceId), "secrets:manage")) return;
  const name = nameFromRef(ref);
  const secret = name ? await db().secret.findFirst({ where: { instanceId, name }, select: { updatedById: true } }) : null;
  const userId = actingUserId(actor);
  if (secret && userId && secret.updatedById === userId) return;
  throw new AppError("forbidden", `Only admins, or whoever set ${ref}'s value, may point an endpoint's credential at a host`, {
    errors: [{ pointer: "/auth_value_secret_ref", code: "secret_not_yours", message: "Ask an admin, or use a secret whose value you set" }],
  });
}

/** Whether two URLs reach the same host (scheme, host and port). */
export function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}
