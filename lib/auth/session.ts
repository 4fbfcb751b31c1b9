import "server-only";
import { getServerSession } from "next-auth";
import { db } from "@/lib/db/client";
import type { SessionUser } from "@/lib/instances/service";
import { authOptions } from "./options";

/**
 * The signed-in user, freshly read from the database (so a removed account,
 * reset password or changed flag takes effect at once), or null.
 */
export async function currentUser(): Promise<SessionUser | null> {
  const session = (await getServerSession(authOptions())) as { uid?: string; sv?: number } | null;
  if (!session?.uid) return null;
  const user = await db().user.findUnique({ where: { id: session.uid } });
  if (!user || user.sessionVersion !== session.sv) return null;
  return { id: user.id, email: user.email, name: user.name, isSuperadmin: user.isSuperadmin };
}
