import "server-only";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { config } from "@/lib/config";
import { can } from "@/lib/auth/permissions";
import type { Role } from "@/lib/auth/roles";
import type { Prisma } from "@/lib/db/generated/client";
import { generateToken, hashToken, shortIdOf } from "./format";
import type { Scope } from "./scopes";
import { EXPIRING_SOON_SECONDS, MAX_LIFETIME_SECONDS, type CreatePlatformTokenValues, type TokenView } from "./schema";

// The steps every token is minted and shown with, workspace token
// (./service.ts) or platform token (./platform.ts): one lifetime rule, one
// rate-limit rule, one insert, one view. The callers differ only in where the
// token belongs (an instance, or none) and what it may carry.

/** The authority a token is minted with: its creator and their role in the instance. */
export type Minter = { userId: string; role: Role; isSuperadmin: boolean };

export type MintedToken<V = TokenView> = { token: string; view: V };

export const tokenInclude = {
  createdBy: { select: { id: true, email: true } },
  predecessor: { select: { shortId: true } },
  successor: { select: { shortId: true } },
} as const;

// The client omits token_hash from every query (lib/db/client.ts).
export type TokenRow = Prisma.ApiTokenGetPayload<{ include: typeof tokenInclude; omit: { tokenHash: true } }>;

export function statusOf(t: { revokedAt: Date | null; expiresAt: Date }, now = new Date()): TokenView["status"] {
  if (t.revokedAt) return "revoked";
  if (t.expiresAt <= now) return "expired";
  if (t.expiresAt.getTime() - now.getTime() <= EXPIRING_SOON_SECONDS * 1000) return "expiring_soon";
  return "active";
}

export function toView(t: TokenRow, now = new Date()): TokenView {
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

/** Seconds from now until the chosen expiry: a preset or duration, or the end of a custom day; at most one year. */
export function lifetimeSeconds(values: Pick<CreatePlatformTokenValues, "expires_in" | "expires_on">, now: Date): number {
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
export function assertRateLimitAllowed(minter: Minter, perMinute: number | null | undefined): void {
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

export type TokenData = {
  name: string;
  scopes: string[];
  allowedCidrs: string[];
  rateLimitPerMinute: number | null;
  expiresInSeconds: number;
  predecessorId?: string;
};

/** Stores a new token (its hash only) in an instance, or with null as a platform token; the cleartext is returned once. */
export async function insertToken(instanceId: string | null, minter: Minter, data: TokenData, now: Date): Promise<{ token: string; row: TokenRow }> {
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
    include: tokenInclude,
  });
  return { token, row };
}
