import "server-only";
import { authenticateBearer, type BearerResult, type TokenPrincipal } from "@/lib/tokens/authenticate";
import { assertNotThrottled, consumeRequest, recordAuthFailure, type RateLimitState } from "@/lib/ratelimit/limits";

// Bearer authentication as both route modes use it (lib/http/with-api.ts for
// workspace tokens, ./superadmin.ts for platform tokens).

/** Bearer authentication, with failed attempts throttled per client (IPv6 by /64). */
export async function authenticate(req: Request, ip: string | null, clientKey: string): Promise<{ result: BearerResult; failureBudget: RateLimitState }> {
  const before = await assertNotThrottled(clientKey);
  const result = await authenticateBearer(req.headers.get("authorization"), ip);
  const failureBudget = !result.ok && result.countsAsFailure ? await recordAuthFailure(clientKey) : before;
  return { result, failureBudget };
}

/**
 * The token's own budget. A request over it also counts against the client's
 * failure budget, so a client hammering a throttled token is cut off before
 * any lookup.
 */
export async function consumeTokenBudget(principal: TokenPrincipal, clientKey: string): Promise<RateLimitState> {
  try {
    return await consumeRequest("per-token", principal.id, principal.rateLimitPerMinute ?? undefined);
  } catch (e) {
    await recordAuthFailure(clientKey);
    throw e;
  }
}

