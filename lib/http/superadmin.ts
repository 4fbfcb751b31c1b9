import "server-only";
import { AppError } from "@/lib/errors";
import { config } from "@/lib/config";
import { sessionUserOf } from "@/lib/auth/session";
import type { UserActor } from "@/lib/auth/actor";
import type { IdentifiedToken, TokenPrincipal } from "@/lib/tokens/authenticate";
import { consumeRequest, type RateLimitState } from "@/lib/ratelimit/limits";
import { authenticate, consumeTokenBudget } from "./bearer";

// The superadmin route mode (auth: "superadmin" in a route declaration):
// a superadmin's platform token (Authorization: Bearer, no instance), or a
// superadmin's console session (the session cookie) on same-origin requests.
// A workspace token never passes, whoever minted it: superadmin power in
// the API needs a token minted for exactly that.

export type SuperadminPrincipal = UserActor | TokenPrincipal;

/** What authentication learnt, kept even when it refuses (the caller is audited, the budget advertised). */
export type Seen = { caller?: { actor: IdentifiedToken | UserActor; instanceId: string | null }; limit?: RateLimitState };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export async function authenticateSuperadmin(req: Request, ip: string | null, clientKey: string, seen: Seen): Promise<SuperadminPrincipal> {
  if (req.headers.has("authorization")) return platformToken(req, ip, clientKey, seen);
  const user = await sessionUserOf(req);
  if (!user) throw new AppError("missing_token", "Sign in as a superadmin, or send a platform token as Authorization: Bearer <token>");
  seen.caller = { actor: user, instanceId: null };
  seen.limit = await consumeRequest("per-user", user.id);
  assertSameOrigin(req);
  if (!user.isSuperadmin) throw new AppError("superadmin_required", "Only superadmins may call this route");
  return user;
}

async function platformToken(req: Request, ip: string | null, clientKey: string, seen: Seen): Promise<TokenPrincipal> {
  const { result, failureBudget } = await authenticate(req, ip, clientKey);
  const identified = result.ok ? result.principal : result.identified;
  // A workspace token's refusal lands in its home instance's log; a platform token's in the control plane's.
  if (identified) seen.caller = { actor: identified, instanceId: identified.instanceId };
  if (!result.ok) {
    seen.limit = failureBudget;
    throw result.error;
  }
  seen.limit = await consumeTokenBudget(result.principal, clientKey);
  if (result.principal.instanceId !== null) {
    throw new AppError("superadmin_required", "This route takes a superadmin's platform token; workspace tokens are not accepted here");
  }
  return result.principal;
}

/**
 * A console session may change things only from the console's own pages:
 * an unsafe method needs an Origin naming this host (or NEXTAUTH_URL), and a
 * browser's Sec-Fetch-Site, when sent, must say same-origin. The session
 * cookie is SameSite=Lax already; this closes what Lax leaves open (sibling
 * subdomains, top-level form posts).
 */
export function assertSameOrigin(req: Request): void {
  if (SAFE_METHODS.has(req.method)) return;
  const refuse = () => new AppError("cross_site_request", "A console session's request must come from the console itself (same origin)");
  const site = req.headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin") throw refuse();
  const origin = req.headers.get("origin");
  if (!origin) throw refuse();
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw refuse();
  }
  const ownHosts = [req.headers.get("host"), hostOf(config().NEXTAUTH_URL)].filter(Boolean);
  if (!ownHosts.includes(originHost)) throw refuse();
}

function hostOf(url: string | undefined): string | null {
  try {
    return url ? new URL(url).host : null;
  } catch {
    return null;
  }
}
