import "server-only";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { assertNotThrottled, recordAuthFailure } from "@/lib/ratelimit/limits";
import { burnPasswordCheck, verifyPassword } from "./password";
import { normalizeEmail } from "./schema";

/**
 * Checks a password. Every failure looks the same to the caller (no user
 * enumeration, same time spent), and failures are counted per client IP and
 * per account; past either budget the attempt is refused before any check.
 */
export async function signInWithPassword(emailInput: string, password: string, ip: string | null) {
  const email = normalizeEmail(emailInput);
  const keys = [["auth-failures", `signin:${ip ?? "unknown"}`], ["signin-account", email]] as const;
  for (const [policy, key] of keys) await assertNotThrottled(key, policy);
  const user = await db().user.findUnique({ where: { email }, omit: { passwordHash: false } });
  const ok = user ? await verifyPassword(password, user.passwordHash) : (await burnPasswordCheck(password), false);
  if (!user || !ok) {
    for (const [policy, key] of keys) await recordAuthFailure(key, policy);
    throw new AppError("unauthenticated", "Invalid email or password");
  }
  return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
}
