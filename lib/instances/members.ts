import "server-only";
import { forgetVerifiedTokens } from "@/lib/tokens/verified-cache";
import { db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { uniqueOr } from "@/lib/db/errors";
import { can } from "@/lib/auth/permissions";
import type { Role } from "@/lib/auth/roles";
import { createUser, findUserByEmail } from "@/lib/auth/users";
import { assertNotLastOwner, getInstance, withInstanceLocked } from "./service";
import type { AddMemberInput } from "./schema";

export async function listMembers(instanceId: string) {
  return db().membership.findMany({
    where: { instanceId },
    include: { user: { select: { id: true, email: true, name: true, isSuperadmin: true } } },
    orderBy: { createdAt: "asc" },
  });
}

/** Only roles holding members:manage_owners may hand out, change or take away the owner role. */
export function assertMayGrantRoles(actorRole: Role, ...roles: Role[]): void {
  if (roles.includes("owner") && !can(actorRole, "members:manage_owners")) {
    throw new AppError("forbidden", "Only owners can grant, change or remove the owner role");
  }
}

/**
 * The operator CLI's headless path: adds a user to an instance, creating the
 * account (with a password read from stdin) when the email is new. The
 * console never calls this; it sends invitations (./invitations.ts).
 */
export async function addMemberDirectly(instanceId: string, input: AddMemberInput & { password?: string }) {
  await getInstance(instanceId);
  let user = await findUserByEmail(input.email);
  if (!user) {
    if (!input.password) throw new AppError("validation_failed", "This email has no account yet: give an initial password on stdin");
    user = await createUser({ email: input.email, password: input.password });
  }
  const userId = user.id;
  return uniqueOr(
    db().membership.create({
      data: { id: newId("mem"), userId, instanceId, role: input.role },
      include: { user: { select: { id: true, email: true } } },
    }),
    `${input.email} is already a member of this workspace`,
  );
}

async function membershipIn(tx: Pick<ReturnType<typeof db>, "membership">, instanceId: string, membershipId: string) {
  const m = await tx.membership.findFirst({ where: { id: membershipId, instanceId }, include: { user: { select: { id: true, email: true } } } });
  if (!m) throw notFound("Member");
  return m;
}

/** Changes a member's role; the last owner cannot be demoted, even by two owners at once. */
export async function changeRole(instanceId: string, membershipId: string, role: Role, actorRole: Role) {
  return afterCommitForgetTokens(withInstanceLocked(instanceId, async (tx) => {
    const m = await membershipIn(tx, instanceId, membershipId);
    assertMayGrantRoles(actorRole, m.role, role);
    if (m.role === "owner" && role !== "owner") await assertNotLastOwner(tx, instanceId, m.id);
    await tx.membership.update({ where: { id: m.id }, data: { role } });
    return { email: m.user.email, from: m.role, to: role };
  }));
}

/**
 * Removes a member. Their tokens of this instance are revoked for good, so
 * adding the user again later does not bring them back.
 */
export async function removeMember(instanceId: string, membershipId: string, actorRole: Role) {
  return afterCommitForgetTokens(withInstanceLocked(instanceId, async (tx) => {
    const m = await membershipIn(tx, instanceId, membershipId);
    assertMayGrantRoles(actorRole, m.role);
    if (m.role === "owner") await assertNotLastOwner(tx, instanceId, m.id);
    await tx.membership.delete({ where: { id: m.id } });
    const { count } = await tx.apiToken.updateMany({
      where: { instanceId, createdById: m.user.id, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    return { email: m.user.email, userId: m.user.id, tokensRevoked: count };
  }));
}

/** Cached verified tokens (lib/tokens/verified-cache.ts) are dropped once the change is committed. */
async function afterCommitForgetTokens<T>(change: Promise<T>): Promise<T> {
  try {
    return await change;
  } finally {
    forgetVerifiedTokens();
  }
}
