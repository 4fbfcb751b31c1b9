import "server-only";
import { config } from "@/lib/config";
import type { Role } from "@/lib/auth/roles";

// What authenticating a token needs from the database (the token row, its
// creator's superadmin flag and role in the token's instance), kept for at
// most PENAXTRA_AUTH_CACHE_MS (≤ 1 s) per token hash, so the hot path does
// not pay two queries per request. Expiry, revocation time and the IP
// allowlist are still checked on every request against the cached row.
//
// Freshness: every change that can take a token's power away (revocation,
// a role change, a member's removal) calls forgetVerifiedTokens() in the
// process that makes it, so it applies at once there; other replicas and the
// CLI see it when their entry ages out, within the same bound. That bound,
// not a message bus, is the cross-replica guarantee: nothing to configure,
// nothing to lose when a notification is missed (docs/performance.md).

export type VerifiedRow = {
  id: string;
  shortId: string;
  name: string;
  instanceId: string | null;
  createdById: string;
  scopes: string[];
  allowedCidrs: string[];
  rateLimitPerMinute: number | null;
  expiresAt: Date;
  revokedAt: Date | null;
  creatorIsSuperadmin: boolean;
  /** The creator's role in the token's instance; null when not a member (or a platform token). */
  creatorRole: Role | null;
};

const MAX_ENTRIES = 10_000;

// On globalThis: the production build bundles route handlers and server actions into separate
// chunks, each with its own copy of this module; a console revocation must clear the cache the
// API's route handlers read (lib/ratelimit/store.ts and lib/audit/writer.ts do the same).
type Cache = {
  entries: Map<string, { row: VerifiedRow; until: number }>;
  loading: Map<string, { row: Promise<VerifiedRow | null>; generation: number }>;
  generation: number;
};
const holder = globalThis as unknown as { __penaxtraVerifiedTokens?: Cache };
const cache = (holder.__penaxtraVerifiedTokens ??= { entries: new Map(), loading: new Map(), generation: 0 });
const { entries } = cache;

export async function verifiedToken(tokenHash: string, load: (hash: string) => Promise<VerifiedRow | null>, now = Date.now()): Promise<VerifiedRow | null> {
  const ttl = config().PENAXTRA_AUTH_CACHE_MS;
  const hit = entries.get(tokenHash);
  if (hit && hit.until > now) return hit.row;
  if (hit) entries.delete(tokenHash);
  // Requests that miss together share one load: when an entry ages out under load, one query
  // answers them all, not one each (a stampede that showed as the list's p99, docs/performance.md).
  const shared = cache.loading.get(tokenHash);
  if (shared && ttl > 0 && shared.generation === cache.generation) return shared.row;
  const generation = cache.generation;
  const loading = load(tokenHash);
  cache.loading.set(tokenHash, { row: loading, generation });
  let row: VerifiedRow | null;
  try {
    row = await loading;
  } finally {
    if (cache.loading.get(tokenHash)?.row === loading) cache.loading.delete(tokenHash);
  }
  // Unknown tokens are not cached (a token minted a moment later must work), and an answer
  // loaded while a forget happened is not kept (it may predate the change).
  if (row && ttl > 0 && generation === cache.generation) {
    if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!); // the oldest entry
    entries.set(tokenHash, { row, until: now + ttl });
  }
  return row;
}

/** Drops every cached token: call after anything that can reduce what a token may do. */
export function forgetVerifiedTokens(): void {
  cache.generation += 1;
  entries.clear();
  cache.loading.clear();
}
