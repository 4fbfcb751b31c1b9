import "server-only";
import { db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import { isId, newId } from "@/lib/ids";
import type { Role } from "@/lib/auth/roles";
import type { Actor, UserActor } from "@/lib/auth/actor";
import type { Prisma } from "@/lib/db/client";

export async function createInstance(name: string) {
  return db().instance.create({ data: { id: newId("ins"), name } });
}

export async function renameInstance(instanceId: string, name: string) {
  const found = await db().instance.findUnique({ where: { id: instanceId } });
  if (!found) throw notFound("Instance");
  return db().instance.update({ where: { id: instanceId }, data: { name } });
}

export async function instanceExists(instanceId: string): Promise<boolean> {
  if (!isId("ins", instanceId)) return false;
  return (await db().instance.count({ where: { id: instanceId } })) > 0;
}

/** All instances with member counts (superadmin view). */
export async function listAllInstances() {
  return db().instance.findMany({ orderBy: { createdAt: "asc" }, include: { _count: { select: { memberships: true } } } });
}

/** The instances a user may switch to: their memberships, or every instance for a superadmin. */
export async function listInstancesFor(user: UserActor): Promise<{ id: string; name: string; role: Role }[]> {
  if (user.isSuperadmin) {
    const all = await db().instance.findMany({ orderBy: { createdAt: "asc" } });
    const mine = await db().membership.findMany({ where: { userId: user.id } });
    const roles = new Map(mine.map((m) => [m.instanceId, m.role]));
    return all.map((i) => ({ id: i.id, name: i.name, role: roles.get(i.id) ?? "owner" }));
  }
  const memberships = await db().membership.findMany({
    where: { userId: user.id },
    include: { instance: true },
    orderBy: { createdAt: "asc" },
  });
  return memberships.map((m) => ({ id: m.instance.id, name: m.instance.name, role: m.role }));
}

/**
 * A user's effective role in an instance, or null when they may not see it at
 * all (callers answer 404: another tenant's instance does not exist for them).
 * The superadmin flag comes first: superadmins act as owners everywhere,
 * whatever role a membership row says. A value that is not an instance id
 * is refused before any query.
 */
export async function roleIn(user: Pick<UserActor, "id" | "isSuperadmin">, instanceId: unknown): Promise<Role | null> {
  if (!isId("ins", instanceId)) return null;
  if (user.isSuperadmin) return (await instanceExists(instanceId)) ? "owner" : null;
  const membership = await db().membership.findUnique({
    where: { userId_instanceId: { userId: user.id, instanceId } },
    select: { role: true },
  });
  return membership?.role ?? null;
}

/**
 * The role an actor acts with in an instance: a user's own, a token's
 * creator's (a superadmin's as owner); the operator CLI and the system act
 * as owners.
 */
export async function actorRoleIn(actor: Actor, instanceId: string): Promise<Role | null> {
  if (actor.kind === "cli" || actor.kind === "system") return "owner";
  return roleIn(actor.kind === "user" ? actor : { id: actor.userId, isSuperadmin: actor.isSuperadmin }, instanceId);
}

export async function getInstance(instanceId: string) {
  const instance = isId("ins", instanceId) ? await db().instance.findUnique({ where: { id: instanceId } }) : null;
  if (!instance) throw notFound("Instance");
  return instance;
}

type Tx = Parameters<Parameters<Prisma["$transaction"]>[0]>[0];

/**
 * Runs a membership change with the instance row locked, so two changes in
 * one instance (two owners demoting each other) happen one after the other
 * and the last-owner rule sees the other's result.
 */
export async function withInstanceLocked<T>(instanceId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db().$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM instances WHERE id = ${instanceId} FOR UPDATE`;
    if (locked.length === 0) throw notFound("Instance");
    return fn(tx);
  });
}

/** Inside withInstanceLocked: refuses to leave the instance without an owner. */
export async function assertNotLastOwner(tx: Tx, instanceId: string, membershipId: string): Promise<void> {
  const owners = await tx.membership.findMany({ where: { instanceId, role: "owner" }, select: { id: true } });
  if (owners.length === 1 && owners[0].id === membershipId) {
    throw new AppError("last_owner", "A workspace needs at least one owner; make someone else owner first");
  }
}
