import "server-only";
import { getServerSession } from "next-auth";
import type { UserActor } from "./actor";
import { authOptions } from "./options";
import { sessionUser } from "./sessions";

/** The session id carried by the signed cookie, or null when signed out. */
export async function currentSessionId(): Promise<string | null> {
  const session = (await getServerSession(authOptions())) as { sid?: string } | null;
  return typeof session?.sid === "string" ? session.sid : null;
}

/**
 * The signed-in user, freshly read with their session row (so sign-out, a
 * password change, a removed account or a changed flag takes effect at once),
 * or null.
 */
export async function currentUser(): Promise<UserActor | null> {
  const sid = await currentSessionId();
  return sid ? sessionUser(sid) : null;
}
