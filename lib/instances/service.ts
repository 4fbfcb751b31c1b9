import "server-only";
import { db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import { newId } from "@/lib/ids";
import type { Role } from "@/lib/auth/roles";

export type SessionUser = { id: string; email: string; name: string | null; isSuperadmin: boolean };

export async function createInstance(name: string) {
  return db().instance.create({ data: { id: newId("ins"), name } });
}

export async function renameInstance(instanceId: string, name: string) {
  const found = await db().instance.findUnique({ where: { id: instanceId } });
  if (!found) throw notFound("Instance");
  return db().instance.update({ where: { id: instanceId }, data: { name } });
}

export async function instanceExists(instanceId: string): Promise<boolean> {
  return (await db().instance.count({ where: { id: instanceId } })) > 0;
}

/** All instances with member counts (superadmin view). */
export async function listAllInstances() {
  return db().instance.findMany({ orderBy: { createdAt: "asc" }, include: { _count: { select: { memberships: true } } } });
}

/** The instances a user may switch to: their memberships, or every instance for a superadmin. */
export async function listInstancesFor(user: SessionUser): Promise<{ id: string; name: string; role: Role }[]> {
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
 * Superadmins act as owners everywhere.
 */
export async function roleIn(user: SessionUser, instanceId: string): Promise<Role | null> {
  const membership = await db().membership.findUnique({
    where: { userId_instanceId: { userId: user.id, instanceId } },
    select: { role: true },
  });
  if (membership) return membership.role;
  if (user.isSuperadmin && (await instanceExists(instanceId))) return "owner";
  return null;
}

export async function getInstance(instanceId: string) {
  const instance = await db().instance.findUnique({ where: { id: instanceId } });
  if (!instance) throw notFound("Instance");
  return instance;
}

export async function assertNotLastOwner(instanceId: string, membershipId: string): Promise<void> {
  const owners = await db().membership.findMany({ where: { instanceId, role: "owner" }, select: { id: true } });
  if (owners.length === 1 && owners[0].id === membershipId) {
    throw new AppError("last_owner", "A workspace needs at least one owner; make someone else owner first");
  }
}
