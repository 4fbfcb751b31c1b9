import "server-only";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { newUserHandle } from "@/lib/auth/users";
import { isUniqueViolation } from "@/lib/db/errors";
import { hashPassword } from "./password";
import type { SetupInput } from "./schema";

/** Setup is open only while the database has no user at all. */
export async function isSetupComplete(): Promise<boolean> {
  return (await db().user.count()) > 0;
}

const SETUP_LOCK_KEY = 727_002;

/**
 * Creates the first superadmin and the first instance, with the superadmin as
 * its owner, in one transaction that re-checks emptiness (two racing setup
 * requests cannot both win).
 */
export async function completeSetup(input: SetupInput) {
  // Checked before the (memory-hard) password hash: a finished setup costs nothing to refuse.
  if (await isSetupComplete()) throw new AppError("not_found", "Setup is already complete");
  const passwordHash = await hashPassword(input.password);
  try {
    return await db().$transaction(async (tx) => {
      // One setup at a time: the second waits here, then finds the first one's user. (A serializable
      // transaction would do the same, but one that loses at COMMIT never gives its connection back
      // to the pool with this driver adapter.)
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SETUP_LOCK_KEY})`;
      if ((await tx.user.count()) > 0) throw new AppError("not_found", "Setup is already complete");
      const user = await tx.user.create({
        data: { id: newId("usr"), email: input.email, handle: await newUserHandle(input.email, tx), name: input.name || null, passwordHash, isSuperadmin: true },
      });
      const instance = await tx.instance.create({ data: { id: newId("ins"), name: input.instance_name } });
      await tx.membership.create({ data: { id: newId("mem"), userId: user.id, instanceId: instance.id, role: "owner" } });
      return { user: { id: user.id, email: user.email }, instance };
    });
  } catch (e) {
    // An account with this e-mail appeared meanwhile (the CLI): to this request, setup is done.
    if (isUniqueViolation(e)) throw new AppError("not_found", "Setup is already complete");
    throw e;
  }
}
