import "server-only";
import { RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "@/lib/errors";
import { config } from "@/lib/config";
import { limiter } from "./store";

const WINDOW_SECONDS = 60;

export type RateLimitState = { policy: string; limit: number; remaining: number; resetSeconds: number };

/** IETF RateLimit-Policy / RateLimit header fields (draft-ietf-httpapi-ratelimit-headers). */
export function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  const window = state.policy === "signin-account" ? 15 * 60 : WINDOW_SECONDS;
  return {
    "RateLimit-Policy": `"${state.policy}";q=${state.limit};w=${window}`,
    RateLimit: `"${state.policy}";r=${state.remaining};t=${state.resetSeconds}`,
  };
}

function stateOf(policy: string, limit: number, res: RateLimiterRes): RateLimitState {
  return {
    policy,
    limit,
    remaining: Math.max(0, res.remainingPoints),
    resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
  };
}

/**
 * Takes one request from the key's budget. Over budget: AppError rate_limited
 * carrying Retry-After and the headers, so the 429 advertises them too.
 */
export async function consumeRequest(
  policy: "per-token" | "per-ip",
  key: string,
  limit = config().PENAXTRA_RATE_LIMIT_PER_MINUTE,
): Promise<RateLimitState> {
  const l = await limiter({ keyPrefix: policy, points: limit, duration: WINDOW_SECONDS });
  try {
    return stateOf(policy, limit, await l.consume(key));
  } catch (e) {
    if (!(e instanceof RateLimiterRes)) throw e;
    const state = stateOf(policy, limit, e);
    throw new AppError("rate_limited", `Rate limit of ${limit} requests per minute exceeded`, {
      retryAfterSeconds: state.resetSeconds,
      headers: rateLimitHeaders(state),
    });
  }
}

// Failed-authentication budgets: per client IP for bearer tokens and sign-in,
// and a slower one per account so a distributed guesser gains little.
const FAILURE_POLICIES = {
  "auth-failures": () => ({ points: config().PENAXTRA_AUTH_FAILURES_PER_MINUTE, duration: WINDOW_SECONDS }),
  "signin-account": () => ({ points: 10, duration: 15 * 60 }),
} as const;

export type FailurePolicy = keyof typeof FAILURE_POLICIES;

function failureLimiter(policy: FailurePolicy) {
  return limiter({ keyPrefix: policy, ...FAILURE_POLICIES[policy]() });
}

function failureState(policy: FailurePolicy, res: RateLimiterRes | null): RateLimitState {
  const { points, duration } = FAILURE_POLICIES[policy]();
  if (!res) return { policy, limit: points, remaining: points, resetSeconds: duration };
  return { policy, limit: points, remaining: Math.max(0, points - res.consumedPoints), resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
}

/**
 * Refuses a key (client IP, account) that has used up its failed-authentication
 * budget; otherwise answers what is left of it.
 */
export async function assertNotThrottled(key: string, policy: FailurePolicy = "auth-failures"): Promise<RateLimitState> {
  const state = failureState(policy, await (await failureLimiter(policy)).get(key));
  if (state.remaining <= 0) {
    throw new AppError("rate_limited", "Too many failed authentication attempts; try again later", {
      retryAfterSeconds: state.resetSeconds,
      headers: rateLimitHeaders(state),
    });
  }
  return state;
}

/** Counts one failed authentication for the key; answers what is left of the budget. */
export async function recordAuthFailure(key: string, policy: FailurePolicy = "auth-failures"): Promise<RateLimitState> {
  return failureState(policy, await (await failureLimiter(policy)).penalty(key, 1));
}
