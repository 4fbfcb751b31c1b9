import "server-only";
import { db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import { alreadyExists, uniqueOr } from "@/lib/db/errors";
import { can } from "@/lib/auth/permissions";
import type { Role } from "@/lib/auth/roles";
import type { UserActor } from "@/lib/auth/actor";
import { SCOPES, scopesAllowed, type Scope } from "./scopes";
import type { CreateTokenValues, TokenView } from "./schema";
import type { TokenPrincipal } from "./authenticate";
import { forgetVerifiedTokens } from "./verified-cache";
import { assertRateLimitAllowed, insertToken, lifetimeSeconds, statusOf, tokenInclude, toView, type Minter, type MintedToken, type TokenRow } from "./mint";

// Workspace tokens: minted inside one instance, carrying scopes of seed 003.

export type { Minter, MintedToken };

/** The minting authority of a signed-in user. */
export const minterOf = (user: UserActor, role: Role): Minter => ({ userId: user.id, role, isSuperadmin: user.isSuperadmin });

type Row = TokenRow;

/** A workspace token of this instance (a platform token, with no instance, is never found here). */
function findRow(instanceId: string, tokenId: string) {
  return db().apiToken.findFirst({ where: { id: tokenId, instanceId }, include: tokenInclude });
}

/** A token never carries more than its creator's role allows. */
function assertMayGrant(minter: Minter, scopes: readonly string[]): void {
  const allowed = scopesAllowed(minter.role, minter.isSuperadmin);
  const excess = scopes.filter((s) => !allowed.includes(s as Scope));
  if (excess.length > 0) {
    throw new AppError("forbidden", `Your role (${minter.role}) cannot grant ${excess.join(", ")}`, {
      errors: [{ pointer: "/scopes", code: "scope_not_allowed", message: `Not allowed for your role: ${excess.join(", ")}` }],
    });
  }
}

/** Mints a token; the cleartext is in the result and nowhere else, ever. */
export async function mintToken(instanceId: string, minter: Minter, values: CreateTokenValues, now = new Date()): Promise<MintedToken> {
  assertMayGrant(minter, values.scopes);
  assertRateLimitAllowed(minter, values.rate_limit_per_minute);
  return minted(insertToken(instanceId, minter, {
    name: values.name,
    scopes: SCOPES.filter((s) => values.scopes.includes(s)), // canonical order, no duplicates
    allowedCidrs: [...new Set(values.allowed_cidrs)],
    rateLimitPerMinute: values.rate_limit_per_minute ?? null,
    expiresInSeconds: lifetimeSeconds(values, now),
  }, now), now);
}

const minted = async (insert: Promise<{ token: string; row: Row }>, now: Date): Promise<MintedToken> => {
  const { token, row } = await insert;
  return { token, view: toView(row, now) };
};

/** The instance's workspace tokens, newest first (never its platform tokens: those belong to no instance). */
export async function listTokens(instanceId: string): Promise<TokenView[]> {
  const rows = await db().apiToken.findMany({ where: { instanceId }, include: tokenInclude, orderBy: { createdAt: "desc" } });
  const now = new Date();
  return rows.map((r) => toView(r, now));
}

export async function getToken(instanceId: string, tokenId: string): Promise<TokenView> {
  const row = await findRow(instanceId, tokenId);
  if (!row) throw notFound("Token");
  return toView(row);
}

/** Roles with tokens:manage handle every token of the instance; others only the tokens they minted. */
async function manageable(instanceId: string, tokenId: string, actor: Minter): Promise<Row> {
  const row = await findRow(instanceId, tokenId);
  if (!row) throw notFound("Token");
  if (!can(actor.isSuperadmin ? "owner" : actor.role, "tokens:manage") && row.createdById !== actor.userId) {
    throw new AppError("forbidden", "Only admins can manage tokens minted by someone else");
  }
  return row;
}

export async function revokeToken(instanceId: string, tokenId: string, actor: Minter): Promise<TokenView> {
  const row = await manageable(instanceId, tokenId, actor);
  if (!row.revokedAt) await db().apiToken.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
  forgetVerifiedTokens();
  return getToken(instanceId, tokenId);
}

/**
 * Rotation, step 1 of the seed's flow: a successor with the same name, scopes,
 * lifetime and allowlist. The old token keeps working until it is revoked.
 * A token has at most one successor (unique predecessor id), so two
 * concurrent rotations cannot both succeed.
 */
export async function rotateToken(instanceId: string, tokenId: string, actor: Minter, now = new Date()): Promise<MintedToken> {
  const old = await manageable(instanceId, tokenId, actor);
  const status = statusOf(old, now);
  if (status === "revoked") throw new AppError("conflict", "A revoked token cannot be rotated; mint a new one");
  if (status === "expired") throw new AppError("conflict", "An expired token cannot be rotated; mint a new one");
  // A successor exists: the same answer as when a concurrent rotation wins at the insert.
  if (old.successor) throw alreadyExists(`This token was already rotated to ${old.successor.shortId}`);
  assertMayGrant(actor, old.scopes);
  assertRateLimitAllowed(actor, old.rateLimitPerMinute);
  // The unique predecessor id: of two concurrent rotations, the second is refused here.
  return uniqueOr(
    minted(insertToken(instanceId, actor, {
      name: old.name,
      scopes: old.scopes,
      allowedCidrs: old.allowedCidrs,
      rateLimitPerMinute: old.rateLimitPerMinute,
      expiresInSeconds: old.expiresInSeconds,
      predecessorId: old.id,
    }, now), now),
    "This token was already rotated",
  );
}

/** Revocation by short id, for the operator CLI (the short id is what operators see). */
export async function revokeByShortId(shortId: string): Promise<{ id: string; instanceId: string | null; shortId: string }> {
  const rows = await db().apiToken.findMany({ where: { shortId }, select: { id: true, instanceId: true, shortId: true, revokedAt: true } });
  if (rows.length === 0) throw notFound("Token");
  if (rows.length > 1) throw new AppError("conflict", "Several tokens share this short id; revoke them in the console");
  const [row] = rows;
  if (!row.revokedAt) await db().apiToken.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
  forgetVerifiedTokens();
  return { id: row.id, instanceId: row.instanceId, shortId: row.shortId };
}

export function selfView(p: TokenPrincipal) {
  return { name: p.name, short_id: p.shortId, scopes: p.scopes, expires_at: p.expiresAt.toISOString(), instance_id: p.instanceId };
}
