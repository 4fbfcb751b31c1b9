import "server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import { newId, randomBase62 } from "@/lib/ids";
import { newUserHandle } from "@/lib/auth/users";
import { uniqueOr } from "@/lib/db/errors";
import type { Role } from "@/lib/auth/roles";
import type { UserActor } from "@/lib/auth/actor";
import { hashPassword } from "@/lib/auth/password";
import { normalizeEmail } from "@/lib/auth/schema";
import { assertMayGrantRoles } from "./members";
import { getInstance, withInstanceLocked } from "./service";
import type { InvitationStatus, InviteMemberInput } from "./schema";

// Invitations: the console's only way to add a member. The inviting admin
// learns nothing about the invitee's account: the answer is the same whether
// the e-mail has one or not. The link is a one-time secret, stored hashed,
// valid for 7 days. A new user sets their own password through it; an
// existing user signs in and accepts (or declines) it as themselves.

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");

type Row = NonNullable<Awaited<ReturnType<typeof findBy>>>;

function findBy(where: { id?: string; tokenHash?: string; instanceId?: string }) {
  return db().invitation.findFirst({ where, include: { instance: { select: { id: true, name: true } } } });
}

export function statusOf(i: Pick<Row, "acceptedAt" | "declinedAt" | "revokedAt" | "expiresAt">, now = new Date()): InvitationStatus {
  if (i.acceptedAt) return "accepted";
  if (i.declinedAt) return "declined";
  if (i.revokedAt) return "revoked";
  if (i.expiresAt <= now) return "expired";
  return "pending";
}

function view(i: Row, now = new Date()) {
  return {
    id: i.id,
    email: i.email,
    role: i.role,
    instance: i.instance,
    invited_by: i.invitedBy,
    created_at: i.createdAt.toISOString(),
    expires_at: i.expiresAt.toISOString(),
    status: statusOf(i, now),
  };
}

export type InvitationView = ReturnType<typeof view>;

const pendingWhere = (now: Date) => ({ acceptedAt: null, declinedAt: null, revokedAt: null, expiresAt: { gt: now } });

/**
 * Invites an e-mail address to the instance with a role. A pending
 * invitation for the same address is replaced. Answers the link's secret,
 * once; only its hash is stored.
 */
export async function createInvitation(instanceId: string, input: InviteMemberInput, inviter: UserActor, inviterRole: Role, now = new Date()) {
  assertMayGrantRoles(inviterRole, input.role);
  await getInstance(instanceId);
  const email = normalizeEmail(input.email);
  const member = await db().membership.findFirst({ where: { instanceId, user: { email } }, select: { id: true } });
  if (member) throw new AppError("already_exists", `${email} is already a member of this workspace`);
  const secret = randomBase62(32);
  const row = await db().$transaction(async (tx) => {
    await tx.invitation.updateMany({ where: { instanceId, email, ...pendingWhere(now) }, data: { revokedAt: now } });
    return tx.invitation.create({
      data: {
        id: newId("inv"),
        instanceId,
        email,
        role: input.role,
        tokenHash: hashSecret(secret),
        invitedById: inviter.id,
        invitedBy: inviter.email,
        createdAt: now,
        expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
      },
      include: { instance: { select: { id: true, name: true } } },
    });
  });
  return { secret, invitation: view(row, now) };
}

/** The instance's invitations, newest first (pending ones and the last 30 days of the rest). */
export async function listInvitations(instanceId: string, now = new Date()) {
  const since = new Date(now.getTime() - 30 * 24 * 60 * 60 * 1000);
  const rows = await db().invitation.findMany({
    where: { instanceId, createdAt: { gte: since } },
    include: { instance: { select: { id: true, name: true } } },
    orderBy: { createdAt: "desc" },
    take: 200,
  });
  return rows.map((r) => view(r, now));
}

export async function revokeInvitation(instanceId: string, invitationId: string, now = new Date()) {
  const row = await findBy({ id: invitationId, instanceId });
  if (!row) throw notFound("Invitation");
  if (statusOf(row, now) !== "pending") throw new AppError("conflict", `This invitation is already ${statusOf(row, now)}`);
  await db().invitation.update({ where: { id: row.id }, data: { revokedAt: now } });
  return view({ ...row, revokedAt: now }, now);
}

/** Pending invitations addressed to a signed-in user's e-mail. */
export async function pendingInvitationsFor(user: Pick<UserActor, "email">, now = new Date()) {
  const rows = await db().invitation.findMany({
    where: { email: normalizeEmail(user.email), ...pendingWhere(now) },
    include: { instance: { select: { id: true, name: true } } },
    orderBy: { createdAt: "desc" },
  });
  return rows.map((r) => view(r, now));
}

/** What the link page shows: the invitation, if the secret names one. */
export async function invitationByLink(secret: string, now = new Date()) {
  const row = await findBy({ tokenHash: hashSecret(secret) });
  return row ? view(row, now) : null;
}

/** The pending invitation a key names, for this e-mail (anything else is 404 or 409). */
async function pendingFor(key: { id: string } | { tokenHash: string }, email: string | null, now: Date): Promise<Row> {
  const row = await findBy(key);
  if (!row || (email !== null && row.email !== normalizeEmail(email))) throw notFound("Invitation");
  const status = statusOf(row, now);
  if (status !== "pending") throw new AppError("conflict", `This invitation is ${status}`);
  return row;
}

/** A signed-in user accepts an invitation addressed to them. */
export async function acceptInvitation(user: UserActor, where: { id: string } | { secret: string }, now = new Date()) {
  const key = "id" in where ? { id: where.id } : { tokenHash: hashSecret(where.secret) };
  const row = await pendingFor(key, user.email, now);
  return withInstanceLocked(row.instanceId, async (tx) => {
    const { count } = await tx.invitation.updateMany({ where: { id: row.id, ...pendingWhere(now) }, data: { acceptedAt: now } });
    if (count === 0) throw new AppError("conflict", "This invitation was already used");
    const existing = await tx.membership.findUnique({ where: { userId_instanceId: { userId: user.id, instanceId: row.instanceId } } });
    if (!existing) await tx.membership.create({ data: { id: newId("mem"), userId: user.id, instanceId: row.instanceId, role: row.role } });
    return { instanceId: row.instanceId, instanceName: row.instance.name, role: existing?.role ?? row.role };
  });
}

export async function declineInvitation(user: UserActor, invitationId: string, now = new Date()) {
  const row = await pendingFor({ id: invitationId }, user.email, now);
  const { count } = await db().invitation.updateMany({ where: { id: row.id, ...pendingWhere(now) }, data: { declinedAt: now } });
  if (count === 0) throw new AppError("conflict", "This invitation was already used");
  return { instanceId: row.instanceId, instanceName: row.instance.name };
}

/**
 * A new user accepts through the link by choosing their own password. When
 * the e-mail already has an account nothing changes: that user signs in and
 * accepts as themselves (their password is never touched here).
 */
export async function acceptWithNewAccount(secret: string, input: { name?: string; password: string }, now = new Date()) {
  const row = await pendingFor({ tokenHash: hashSecret(secret) }, null, now);
  const passwordHash = await hashPassword(input.password);
  return uniqueOr(
    withInstanceLocked(row.instanceId, async (tx) => {
      const { count } = await tx.invitation.updateMany({ where: { id: row.id, ...pendingWhere(now) }, data: { acceptedAt: now } });
      if (count === 0) throw new AppError("conflict", "This invitation was already used");
      const user = await tx.user.create({ data: { id: newId("usr"), email: row.email, handle: await newUserHandle(row.email, tx), name: input.name || null, passwordHash } });
      await tx.membership.create({ data: { id: newId("mem"), userId: user.id, instanceId: row.instanceId, role: row.role } });
      return { userId: user.id, email: user.email, instanceId: row.instanceId };
    }),
    // Nothing changes for an existing account: its owner signs in and accepts as themselves.
    "This e-mail already has a Penaxtra account: sign in with it to accept the invitation",
  );
}
