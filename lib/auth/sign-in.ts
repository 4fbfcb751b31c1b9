import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { db } from "@/lib/db/client";
import { AppError, isAppError } from "@/lib/errors";
import { throttleKeyOf } from "@/lib/ip";
import { consumeRequest, peek, recordAuthFailure, refund } from "@/lib/ratelimit/limits";
import { recordAudit } from "@/lib/audit/service";
import { burnPasswordCheck, verifyPassword } from "./password";
import { normalizeEmail } from "./schema";

// Sign-in throttling, in three parts:
// - per client (IPv6 by /64): a budget of attempts, taken atomically BEFORE
//   the password is hashed, so parallel guesses cannot overdraw it;
// - per (client, account): 10 attempts per 15 minutes, also taken up front;
// - per account, from anywhere: no lock (a stranger must not be able to lock
//   out the real owner), but a growing delay once failures pile up.
// A successful sign-in gives its points back.

const SLOWDOWN_AFTER = 10;
const SLOWDOWN_STEP_MS = 250;
const SLOWDOWN_MAX_MS = 3000;

/** The delay before checking a password for an account under attack. */
export function slowdownMs(recentFailures: number): number {
  return Math.min(SLOWDOWN_MAX_MS, Math.max(0, recentFailures - SLOWDOWN_AFTER + 1) * SLOWDOWN_STEP_MS);
}

async function takeAttempt(clientKey: string, pairKey: string, email: string, ip: string | null): Promise<void> {
  try {
    await consumeRequest("auth-failures", clientKey);
    await consumeRequest("signin-pair", pairKey);
  } catch (e) {
    if (isAppError(e) && e.code === "rate_limited") {
      recordAudit({ instanceId: null, actor: null, action: "auth.sign_in_throttled", target: email, status: 429, clientIp: ip });
    }
    throw e;
  }
}

/**
 * Checks a password. Every failure looks the same to the caller (no user
 * enumeration, same time spent). Failures and throttling are audited in the
 * control-plane log.
 */
export async function signInWithPassword(emailInput: string, password: string, ip: string | null) {
  const email = normalizeEmail(emailInput);
  const client = throttleKeyOf(ip);
  const clientKey = `signin:${client}`;
  const pairKey = `${client}|${email}`;
  await takeAttempt(clientKey, pairKey, email, ip);

  const delay = slowdownMs(limitUsed(await peek("signin-account", email)));
  if (delay > 0) await sleep(delay);

  const user = await db().user.findUnique({ where: { email }, omit: { passwordHash: false } });
  const ok = user ? await verifyPassword(password, user.passwordHash) : (await burnPasswordCheck(password), false);
  if (!user || !ok) {
    await recordAuthFailure(email, "signin-account");
    recordAudit({ instanceId: null, actor: null, action: "auth.sign_in_failed", target: email, status: 401, clientIp: ip });
    throw new AppError("unauthenticated", "Invalid email or password");
  }
  await Promise.all([refund("auth-failures", clientKey), refund("signin-pair", pairKey)]);
  return { id: user.id, email: user.email, name: user.name };
}

function limitUsed(state: { limit: number; remaining: number }): number {
  return state.limit - state.remaining;
}
