import "server-only";
import { db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { invalidField, notFound } from "@/lib/errors";

// A user changes their own handle (seed 002's {owner}) on their profile. The
// unique index decides; a taken handle is a field error on the form.

export async function handleOf(userId: string): Promise<string> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { handle: true } });
  if (!user) throw notFound("User");
  return user.handle;
}

/** Sets the user's handle; answers the old and the new one. */
export async function changeOwnHandle(userId: string, handle: string): Promise<{ from: string; to: string }> {
  const from = await handleOf(userId);
  if (from === handle) return { from, to: handle };
  try {
    await db().user.update({ where: { id: userId }, data: { handle } });
  } catch (e) {
    if (isUniqueViolation(e)) throw invalidField("/handle", "This handle is taken; choose another", "already_exists");
    throw e;
  }
  return { from, to: handle };
}
