import "server-only";
import { db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { isUniqueViolation } from "@/lib/db/errors";
import { hashPassword } from "./password";
import { normalizeEmail } from "./schema";

export async function createUser(input: { email: string; password: string; name?: string | null; isSuperadmin?: boolean }) {
  try {
    return await db().user.create({
      data: {
        id: newId("usr"),
        email: normalizeEmail(input.email),
        name: input.name ?? null,
        passwordHash: await hashPassword(input.password),
        isSuperadmin: input.isSuperadmin ?? false,
      },
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("already_exists", "A user with this email already exists");
    throw e;
  }
}

export async function findUserByEmail(email: string) {
  return db().user.findUnique({ where: { email: normalizeEmail(email) } });
}

/** Sets a new password and ends every session minted before it. */
export async function resetPassword(email: string, password: string) {
  const user = await findUserByEmail(email);
  if (!user) throw notFound("User");
  return db().user.update({
    where: { id: user.id },
    data: { passwordHash: await hashPassword(password), sessionVersion: { increment: 1 } },
  });
}
