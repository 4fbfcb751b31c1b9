import "server-only";
import { db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { isUniqueViolation } from "@/lib/db/errors";
import { roleAtLeast, type Role } from "@/lib/auth/roles";
import { createUser, findUserByEmail } from "@/lib/auth/users";
import { assertNotLastOwner, getInstance } from "./service";
import type { AddMemberInput } from "./schema";

export async function listMembers(instanceId: string) {
  return db().membership.findMany({
    where: { instanceId },
    include: { user: { select: { id: true, email: true, name: true, isSuperadmin: true } } },
    orderBy: { createdAt: "asc" },
  });
}

/** Only owners may hand out, change or take away the owner role. */
function assertMayManage(actorRole: Role, ...roles: Role[]): void {
  if (roles.includes("owner") && !roleAtLeast(actorRole, "owner")) {
    throw new AppError("forbidden", "Only owners can grant, change or remove the owner role");
  }
}

async function membershipIn(instanceId: string, membershipId: string) {
  const m = await db().membership.findFirst({ where: { id: membershipId, instanceId }, include: { user: true } });
  if (!m) throw notFound("Member");
  return m;
}

/** Adds a user to the instance, creating the account when the email is new. */
export async function addMember(instanceId: string, input: AddMemberInput, actorRole: Role) {
  assertMayManage(actorRole, input.role);
  await getInstance(instanceId);
  let user = await findUserByEmail(input.email);
  if (!user) {
    if (!input.password) {
      throw new AppError("validation_failed", "This email has no account yet: set an initial password", {
        errors: [{ pointer: "/password", code: "required", message: "Set an initial password for the new account" }],
      });
    }
    user = await createUser({ email: input.email, password: input.password });
  }
  try {
    return await db().membership.create({
      data: { id: newId("mem"), userId: user.id, instanceId, role: input.role },
      include: { user: { select: { id: true, email: true } } },
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("already_exists", `${input.email} is already a member of this workspace`);
    throw e;
  }
}

export async function changeRole(instanceId: string, membershipId: string, role: Role, actorRole: Role) {
  const m = await membershipIn(instanceId, membershipId);
  assertMayManage(actorRole, m.role, role);
  if (m.role === "owner" && role !== "owner") await assertNotLastOwner(instanceId, m.id);
  await db().membership.update({ where: { id: m.id }, data: { role } });
  return { email: m.user.email, from: m.role, to: role };
}

export async function removeMember(instanceId: string, membershipId: string, actorRole: Role) {
  const m = await membershipIn(instanceId, membershipId);
  assertMayManage(actorRole, m.role);
  if (m.role === "owner") await assertNotLastOwner(instanceId, m.id);
  await db().membership.delete({ where: { id: m.id } });
  return { email: m.user.email };
}
