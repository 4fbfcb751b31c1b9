import "server-only";
import { db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { uniqueOr } from "@/lib/db/errors";
import { hashPassword, verifyPassword } from "./password";
import { normalizeEmail } from "./schema";
import { freeHandle } from "./handles";
import { endSessionsOf } from "./sessions";
import { consumeRequest, refund } from "@/lib/ratelimit/limits";

export async function createUser(input: { email: string; password: string; name?: string | null; isSuperadmin?: boolean }) {
  const passwordHash = await hashPassword(input.password);
  const email = normalizeEmail(input.email);
  return uniqueOr(
    db().user.create({
      data: { id: newId("usr"), email, handle: await newUserHandle(email), name: input.name ?? null, passwordHash, isSuperadmin: input.isSuperadmin ?? false },
    }),
    "A user with this email already exists",
  );
}

/** A free handle for a new account with this e-mail (lib/auth/handles.ts). */
export function newUserHandle(email: string, client: Pick<ReturnType<typeof db>, "user"> = db()): Promise<string> {
  return freeHandle(email, async (handle) => (await client.user.count({ where: { handle } })) > 0);
}

export async function findUserByEmail(email: string) {
  return db().user.findUnique({ where: { email: normalizeEmail(email) } });
}

/** The operator's reset: sets a new password and ends every session of the user. */
export async function resetPassword(email: string, password: string) {
  const user = await findUserByEmail(email);
  if (!user) throw notFound("User");
  const updated = await db().user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
  await endSessionsOf(user.id);
  return updated;
}

/**
 * A user changes their own password: the current one is required, and every
 * other session of theirs ends (the one making the change stays signed in).
 */
export async function changeOwnPassword(userId: string, current: string, next: string, keepSessionId: string | null) {
  const user = await db().user.findUnique({ where: { id: userId }, omit: { passwordHash: false } });
  if (!user) throw notFound("User");
  // The same per-account guessing budget as sign-in: a stolen session cookie must not become a
  // way to guess the password (and then lock the owner out by changing it).
  const budgetKey = `password-change|${userId}`;
  await consumeRequest("signin-pair", budgetKey);
  if (!(await verifyPassword(current, user.passwordHash))) {
    throw new AppError("validation_failed", "The current password is not right", {
      errors: [{ pointer: "/current_password", code: "invalid", message: "This is not your current password" }],
    });
  }
  await refund("signin-pair", budgetKey);
  await db().user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(next) } });
  return { endedSessions: await endSessionsOf(userId, keepSessionId ?? undefined) };
}
