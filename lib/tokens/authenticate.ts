import "server-only";
import { sql, utc } from "@/lib/db/sql";
import { AppError } from "@/lib/errors";
import { ipInCidrs } from "@/lib/ip";
import { hasValidChecksum, hashToken } from "./format";
import { scopesAllowed, type Scope } from "./scopes";
import { verifiedToken, type VerifiedRow } from "./verified-cache";
import type { TokenActor } from "@/lib/auth/actor";

/** An authenticated token: who it is (the actor) and what it may do now. */
export type TokenPrincipal = TokenActor & {
  /** The token's scopes, narrowed to what its creator's role allows today. */
  scopes: Scope[];
  expiresAt: Date;
  rateLimitPerMinute: number | null;
};

/** A token we could identify, even when it is refused (it is audited). */
export type IdentifiedToken = TokenActor;

export type BearerResult =
  | { ok: true; principal: TokenPrincipal }
  | { ok: false; error: AppError; identified?: IdentifiedToken; countsAsFailure: boolean };

const fail = (error: AppError, countsAsFailure: boolean, identified?: IdentifiedToken): BearerResult => ({
  ok: false,
  error,
  identified,
  countsAsFailure,
});

/** Seed 003's error semantics: missing_token, invalid_token, expired_token, ip_not_allowed. */
export async function authenticateBearer(authorization: string | null, clientIp: string | null, now = new Date()): Promise<BearerResult> {
  if (!authorization) return fail(new AppError("missing_token", "No Authorization header"), false);
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) return fail(new AppError("invalid_token", "Authorization must be: Bearer <token>"), true);
  const token = match[1];
  if (!hasValidChecksum(token)) return fail(new AppError("invalid_token", "Token does not exist or is revoked"), true);

  const row = await verifiedToken(hashToken(token), loadVerifiedRow, now.getTime());
  if (!row) return fail(new AppError("invalid_token", "Token does not exist or is revoked"), true);
  const identified: IdentifiedToken = {
    kind: "token",
    id: row.id,
    shortId: row.shortId,
    name: row.name,
    instanceId: row.instanceId,
    userId: row.createdById,
    isSuperadmin: row.creatorIsSuperadmin,
  };
  if (row.revokedAt && row.revokedAt <= now) return fail(new AppError("invalid_token", "Token does not exist or is revoked"), true, identified);
  if (row.expiresAt <= now) return fail(new AppError("expired_token", "Token expiry has passed"), true, identified);
  if (row.instanceId === null) return platformPrincipal(row, identified, clientIp);

  const allowed = scopesAllowed(row.creatorRole, row.creatorIsSuperadmin);
  if (allowed.length === 0) {
    // Its creator left the workspace: the token dies with the membership.
    return fail(new AppError("invalid_token", "Token does not exist or is revoked"), true, identified);
  }
  if (!ipAllowed(row.allowedCidrs, clientIp)) return ipRefused(identified);
  return {
    ok: true,
    principal: {
      ...identified,
      scopes: (row.scopes as Scope[]).filter((s) => allowed.includes(s)),
      expiresAt: row.expiresAt,
      rateLimitPerMinute: row.rateLimitPerMinute,
    },
  };
}

/** The token, its creator's flag and the creator's role in the token's instance (on a cache miss): one statement. */
async function loadVerifiedRow(tokenHash: string): Promise<VerifiedRow | null> {
  const rows = await sql<VerifiedRow>(
    `SELECT t.id, t.short_id AS "shortId", t.name, t.instance_id AS "instanceId", t.created_by_id AS "createdById", t.scopes,
            t.allowed_cidrs AS "allowedCidrs", t.rate_limit_per_minute AS "rateLimitPerMinute",
            ${utc("t.expires_at")} AS "expiresAt", ${utc("t.revoked_at")} AS "revokedAt",
            u.is_superadmin AS "creatorIsSuperadmin", m.role::text AS "creatorRole"
     FROM api_tokens t
     JOIN users u ON u.id = t.created_by_id
     LEFT JOIN memberships m ON m.user_id = t.created_by_id AND m.instance_id = t.instance_id
     WHERE t.token_hash = $1`,
    [tokenHash],
    { prepare: true },
  );
  return rows[0] ?? null;
}

function ipAllowed(cidrs: string[], clientIp: string | null): boolean {
  return cidrs.length === 0 || (!!clientIp && ipInCidrs(clientIp, cidrs));
}

// Counts against the client's failure budget: a stolen token tried from elsewhere is throttled too.
const ipRefused = (identified: IdentifiedToken) => fail(new AppError("ip_not_allowed", "Caller IP is outside the token's allowlist"), true, identified);

/**
 * A platform token (no instance): it carries no workspace scopes and lives
 * only as long as its creator is a superadmin. withApi accepts it on
 * superadmin routes only.
 */
function platformPrincipal(row: VerifiedRow, identified: IdentifiedToken, clientIp: string | null): BearerResult {
  if (!row.creatorIsSuperadmin) return fail(new AppError("invalid_token", "Token does not exist or is revoked"), true, identified);
  if (!ipAllowed(row.allowedCidrs, clientIp)) return ipRefused(identified);
  return { ok: true, principal: { ...identified, scopes: [], expiresAt: row.expiresAt, rateLimitPerMinute: row.rateLimitPerMinute } };
}
