import "server-only";
import { RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "@/lib/errors";
import { config } from "@/lib/config";
import { limiter } from "./store";

// Every budget of the product, by policy name. Keys are token ids, user ids
// or client keys (lib/ip throttleKeyOf: IPv6 clients by their /64).

type Budget = { points: number; duration: number };

const POLICIES = {
  /** API requests per token (a token may carry its own limit). */
  "per-token": () => ({ points: config().PENAXTRA_RATE_LIMIT_PER_MINUTE, duration: 60 }),
  /** Public API routes, per client. */
  "per-ip": () => ({ points: config().PENAXTRA_RATE_LIMIT_PER_MINUTE, duration: 60 }),
  /** Console server actions, per signed-in user. */
  "per-user": () => ({ points: config().PENAXTRA_RATE_LIMIT_PER_MINUTE, duration: 60 }),
  /** Actions without a session (setup, invitation acceptance): they may hash a password. */
  "public-action": () => ({ points: 20, duration: 60 }),
  /** Failed authentications per client: bearer tokens, sign-in. */
  "auth-failures": () => ({ points: config().PENAXTRA_AUTH_FAILURES_PER_MINUTE, duration: 60 }),
  /** Sign-in attempts per (client, account): a guesser's budget for one account. */
  "signin-pair": () => ({ points: 10, duration: 15 * 60 }),
  /** Failed sign-ins per account, from anywhere: drives a slowdown, never a lock. */
  "signin-account": () => ({ points: 1_000_000, duration: 15 * 60 }),
} satisfies Record<string, () => Budget>;

export type Policy = keyof typeof POLICIES;

export type RateLimitState = { policy: Policy; limit: number; remaining: number; resetSeconds: number; window: number };

/** IETF RateLimit-Policy / RateLimit header fields (draft-ietf-httpapi-ratelimit-headers). */
export function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  return {
    "RateLimit-Policy": `"${state.policy}";q=${state.limit};w=${state.window}`,
    RateLimit: `"${state.policy}";r=${state.remaining};t=${state.resetSeconds}`,
  };
}

function budget(policy: Policy, limit?: number): Budget {
  const b = POLICIES[policy]();
  return limit ? { ...b, points: limit } : b;
}

function stateOf(policy: Policy, b: Budget, res: RateLimiterRes | null): RateLimitState {
  if (!res) return { policy, limit: b.points, remaining: b.points, resetSeconds: b.duration, window: b.duration };
  return {
    policy,
    limit: b.points,
    remaining: Math.max(0, b.points - res.consumedPoints),
    resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
    window: b.duration,
  };
}

function refused(state: RateLimitState, message: string): AppError {
  return new AppError("rate_limited", message, { retryAfterSeconds: state.resetSeconds, headers: rateLimitHeaders(state) });
}

function limiterFor(policy: Policy, b: Budget) {
  return limiter({ keyPrefix: policy, points: b.points, duration: b.duration });
}

/**
 * Takes one point from the key's budget, atomically (the store increments
 * and compares in one step, so parallel callers cannot overdraw it). Over
 * budget: AppError rate_limited carrying Retry-After and the headers.
 */
export async function consumeRequest(policy: Policy, key: string, limit?: number): Promise<RateLimitState> {
  const b = budget(policy, limit);
  const l = await limiterFor(policy, b);
  try {
    return stateOf(policy, b, await l.consume(key));
  } catch (e) {
    if (!(e instanceof RateLimiterRes)) throw e;
    throw refused(stateOf(policy, b, e), policy === "auth-failures" || policy === "signin-pair"
      ? "Too many failed authentication attempts; try again later"
      : `Rate limit of ${b.points} requests per ${b.duration === 60 ? "minute" : `${b.duration} seconds`} exceeded`);
  }
}

/** Gives back a point taken with consumeRequest (a sign-in that succeeded). */
export async function refund(policy: Policy, key: string): Promise<void> {
  const b = budget(policy);
  await (await limiterFor(policy, b)).reward(key, 1);
}

/** What is left of a key's budget, without taking from it. */
export async function peek(policy: Policy, key: string): Promise<RateLimitState> {
  const b = budget(policy);
  return stateOf(policy, b, await (await limiterFor(policy, b)).get(key));
}

/** Refuses a key that has used up its budget; otherwise answers what is left. */
export async function assertNotThrottled(key: string, policy: Policy = "auth-failures"): Promise<RateLimitState> {
  const state = await peek(policy, key);
  if (state.remaining <= 0) throw refused(state, "Too many failed authentication attempts; try again later");
  return state;
}

/** Counts one failure for the key (never refuses); answers what is left of the budget. */
export async function recordAuthFailure(key: string, policy: Policy = "auth-failures"): Promise<RateLimitState> {
  const b = budget(policy);
  return stateOf(policy, b, await (await limiterFor(policy, b)).penalty(key, 1));
}
