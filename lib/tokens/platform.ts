import "server-only";
import { db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import { forgetVerifiedTokens } from "./verified-cache";
import { platformTokenViewSchema, type CreatePlatformTokenValues, type PlatformTokenView } from "./schema";
import { assertRateLimitAllowed, insertToken, lifetimeSeconds, tokenInclude, toView, type MintedToken, type TokenRow } from "./mint";

// Platform tokens: minted by a superadmin, bound to no instance (instance_id
// null), carrying no scopes. withApi accepts them on superadmin routes only,
// and lib/tokens/authenticate.ts refuses one whose creator is no longer a
// superadmin. Workspace token pages and routes never see them, nor they them.

/** Who mints or revokes: a user, superadmin or not (the service decides). */
export type PlatformActor = { userId: string; isSuperadmin: boolean };

function assertSuperadmin(actor: PlatformActor, what: string): void {
  if (!actor.isSuperadmin) throw new AppError("forbidden", `Only superadmins can ${what} platform tokens`);
}

/** The workspace view without what a platform token lacks (scopes, rotation links): the schema strips them. */
function platformView(row: TokenRow, now = new Date()): PlatformTokenView {
  return platformTokenViewSchema.parse(toView(row, now));
}

/** Mints a platform token; the cleartext is in the result and nowhere else, ever. */
export async function mintPlatformToken(actor: PlatformActor, values: CreatePlatformTokenValues, now = new Date()): Promise<MintedToken<PlatformTokenView>> {
  assertSuperadmin(actor, "mint");
  // A superadmin acts as owner everywhere: the same ceiling as an owner's token.
  const minter = { userId: actor.userId, role: "owner" as const, isSuperadmin: true };
  assertRateLimitAllowed(minter, values.rate_limit_per_minute);
  const { token, row } = await insertToken(null, minter, {
    name: values.name,
    scopes: [],
    allowedCidrs: [...new Set(values.allowed_cidrs)],
    rateLimitPerMinute: values.rate_limit_per_minute ?? null,
    expiresInSeconds: lifetimeSeconds(values, now),
  }, now);
  return { token, view: platformView(row, now) };
}

/** Every platform token, newest first (never a workspace token). */
export async function listPlatformTokens(): Promise<PlatformTokenView[]> {
  const rows = await db().apiToken.findMany({ where: { instanceId: null }, include: tokenInclude, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  const now = new Date();
  return rows.map((r) => platformView(r, now));
}

/** Revokes a platform token; revoking it again changes nothing. A workspace token's id is not found here. */
export async function revokePlatformToken(actor: PlatformActor, tokenId: string, now = new Date()): Promise<PlatformTokenView> {
  assertSuperadmin(actor, "revoke");
  const where = { id: tokenId, instanceId: null };
  // Only a live token is stamped: the first revocation's time stays.
  await db().apiToken.updateMany({ where: { ...where, revokedAt: null }, data: { revokedAt: now } });
  forgetVerifiedTokens();
  const row = await db().apiToken.findFirst({ where, include: tokenInclude });
  if (!row) throw notFound("Platform token");
  return platformView(row, now);
}
