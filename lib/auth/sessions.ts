import "server-only";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import type { UserActor } from "./actor";

// Console sessions, server side. The cookie names a row; no row, no session.

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** Opens a session for a sign-in (and clears the user's expired ones). */
export async function createSession(userId: string, now = new Date()): Promise<string> {
  await db().session.deleteMany({ where: { userId, expiresAt: { lte: now } } });
  const id = newId("ses");
  await db().session.create({ data: { id, userId, createdAt: now, expiresAt: new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000) } });
  return id;
}

/** The user of a live session, or null when it ended, expired or never existed. */
export async function sessionUser(sessionId: string, now = new Date()): Promise<UserActor | null> {
  const row = await db().session.findUnique({ where: { id: sessionId }, include: { user: true } });
  if (!row || row.expiresAt <= now) return null;
  const { user } = row;
  return { kind: "user", id: user.id, email: user.email, name: user.name, isSuperadmin: user.isSuperadmin };
}

export async function endSession(sessionId: string): Promise<void> {
  await db().session.deleteMany({ where: { id: sessionId } });
}

/** Ends every session of a user except `keep` (the one changing its own password). */
export async function endSessionsOf(userId: string, keep?: string): Promise<number> {
  const { count } = await db().session.deleteMany({ where: { userId, ...(keep ? { id: { not: keep } } : {}) } });
  return count;
}
