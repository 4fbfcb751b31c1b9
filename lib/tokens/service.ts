import "server-only";
import { db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { alreadyExists, uniqueOr } from "@/lib/db/errors";
import { config } from "@/lib/config";
import { can } from "@/lib/auth/permissions";
import type { Role } from "@/lib/auth/roles";
import type { UserActor } from "@/lib/auth/actor";
import { generateToken, hashToken, shortIdOf } from "./format";
import { SCOPES, scopesAllowed, type Scope } from "./scopes";
import { EXPIRING_SOON_SECONDS, MAX_LIFETIME_SECONDS, type CreateTokenValues, type TokenView } from "./schema";
import type { TokenPrincipal } from "./authenticate";

/** The authority a token is minted with: its creator and their role in the instance. */
export type Minter = { userId: string; role: Role; isSuperadmin: boolean };

/** The minting authority of a signed-in user. */
export const minterOf = (user: UserActor, role: Role): Minter => ({ userId: user.id, role, isSuperadmin: user.isSuperadmin });

export type MintedToken = { token: string; view: TokenView };

const include = {
  createdBy: { select: { id: true, email: true } },
  predecessor: { select: { shortId: true } },
  successor: { select: { shortId: true } },
} as const;

type Row = NonNullable<Awaited<ReturnType<typeof findRow>>>;

function findRow(instanceId: string, tokenId: string) {
  return db().apiToken.findFirst({ where: { id: tokenId, instanceId }, include });
}

export function statusOf(t: { revokedAt: Date | null; expiresAt: Date }, now = new Date()): TokenView["status"] {
  if (t.revokedAt) return "revoked";
  if (t.expiresAt <= now) return "expired";
  if (t.expiresAt.getTime() - now.getTime() <= EXPIRING_SOON_SECONDS * 1000) return "expiring_soon";
  return "active";
}

function toView(t: Row, now = new Date()): TokenView {
  return {
    id: t.id,
    name: t.name,
    short_id: t.shortId,
    scopes: t.scopes as Scope[],
    allowed_cidrs: t.allowedCidrs,
    rate_limit_per_minute: t.rateLimitPerMinute,
    created_by: { id: t.createdBy.id, email: t.createdBy.email },
    created_at: t.createdAt.toISOString(),
    expires_at: t.expiresAt.toISOString(),
    last_used_at: t.lastUsedAt?.toISOString() ?? null,
    revoked_at: t.revokedAt?.toISOString() ?? null,
    status: statusOf(t, now),
    predecessor_short_id: t.predecessor?.shortId ?? null,
    successor_short_id: t.successor?.shortId ?? null,
  };
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

function lifetimeSeconds(values: Pick<CreateTokenValues, "expires_in" | "expires_on">, now: Date): number {
  if (values.expires_in !== "custom") return values.expires_in;
  const end = new Date(`${values.expires_on}T23:59:59.999Z`);
  const seconds = Math.floor((end.getTime() - now.getTime()) / 1000);
  if (Number.isNaN(seconds) || seconds <= 0) {
    throw new AppError("validation_failed", "The expiry date must be in the future", {
      errors: [{ pointer: "/expires_on", code: "too_small", message: "Pick a date in the future" }],
    });
  }
  // The date picker works in whole days: the last day may end a few hours past the limit.
  if (seconds > MAX_LIFETIME_SECONDS + 86400) {
    throw new AppError("validation_failed", "Tokens live at most one year", {
      errors: [{ pointer: "/expires_on", code: "too_big", message: "Pick a date within one year" }],
    });
  }
  return Math.min(seconds, MAX_LIFETIME_SECONDS);
}

/**
 * A token's own rate limit: up to the instance default for anyone, above it
 * only for roles that may raise limits, and never past the configured ceiling.
 */
function assertRateLimitAllowed(minter: Minter, perMinute: number | null | undefined): void {
  if (!perMinute) return;
  const { PENAXTRA_RATE_LIMIT_PER_MINUTE: standard, PENAXTRA_RATE_LIMIT_MAX_PER_MINUTE: ceiling } = config();
  if (perMinute > ceiling) {
    throw new AppError("validation_failed", `A token's rate limit can be at most ${ceiling} requests per minute`, {
      errors: [{ pointer: "/rate_limit_per_minute", code: "too_big", message: `At most ${ceiling} per minute` }],
    });
  }
  const effective: Role = minter.isSuperadmin ? "owner" : minter.role;
  if (perMinute > standard && !can(effective, "tokens:raise_rate_limit")) {
    throw new AppError("forbidden", `Only admins can set a limit above the default of ${standard} requests per minute`, {
      errors: [{ pointer: "/rate_limit_per_minute", code: "not_allowed", message: `Your role can set at most ${standard} per minute` }],
    });
  }
}

async function insert(instanceId: string, minter: Minter, data: {
  name: string; scopes: string[]; allowedCidrs: string[]; rateLimitPerMinute: number | null; expiresInSeconds: number; predecessorId?: string;
}, now: Date): Promise<MintedToken> {
  const token = generateToken();
  const tokenHash = hashToken(token);
  const row = await db().apiToken.create({
    data: {
      id: newId("tok"),
      instanceId,
      ...data,
      tokenHash,
      shortId: shortIdOf(tokenHash),
      expiresAt: new Date(now.getTime() + data.expiresInSeconds * 1000),
      createdById: minter.userId,
      createdAt: now,
    },
    include,
  });
  return { token, view: toView(row, now) };
}

/** Mints a token; the cleartext is in the result and nowhere else, ever. */
export async function mintToken(instanceId: string, minter: Minter, values: CreateTokenValues, now = new Date()): Promise<MintedToken> {
  assertMayGrant(minter, values.scopes);
  assertRateLimitAllowed(minter, values.rate_limit_per_minute);
  return insert(instanceId, minter, {
    name: values.name,
    scopes: SCOPES.filter((s) => values.scopes.includes(s)), // canonical order, no duplicates
    allowedCidrs: [...new Set(values.allowed_cidrs)],
    rateLimitPerMinute: values.rate_limit_per_minute ?? null,
    expiresInSeconds: lifetimeSeconds(values, now),
  }, now);
}

export async function listTokens(instanceId: string): Promise<TokenView[]> {
  const rows = await db().apiToken.findMany({ where: { instanceId }, include, orderBy: { createdAt: "desc" } });
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
    insert(instanceId, actor, {
      name: old.name,
      scopes: old.scopes,
      allowedCidrs: old.allowedCidrs,
      rateLimitPerMinute: old.rateLimitPerMinute,
      expiresInSeconds: old.expiresInSeconds,
      predecessorId: old.id,
    }, now),
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
  return { id: row.id, instanceId: row.instanceId, shortId: row.shortId };
}

export function selfView(p: TokenPrincipal) {
  return { name: p.name, short_id: p.shortId, scopes: p.scopes, expires_at: p.expiresAt.toISOString(), instance_id: p.instanceId };
}
