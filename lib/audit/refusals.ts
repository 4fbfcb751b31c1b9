import type { AuditRow } from "./bounds";

// Repeated refusals of one token (revoked, expired, wrong IP, over its limit,
// missing scope) are counted, not written one row each: one row per token,
// instance, status and minute, with `count`. A token hammered from a botnet then costs
// the audit log a few rows a minute instead of one per request.

type Bucket = { row: AuditRow; minute: number };

const holder = globalThis as unknown as { __penaxtraRefusals?: Map<string, Bucket> };

function buckets(): Map<string, Bucket> {
  holder.__penaxtraRefusals ??= new Map();
  return holder.__penaxtraRefusals;
}

const minuteOf = (d: Date) => Math.floor(d.getTime() / 60_000);

/** Counts a refusal; answers true when it opened a new bucket (a new row). */
export function addRefusal(row: AuditRow, tokenId: string): boolean {
  const createdAt = row.createdAt instanceof Date ? row.createdAt : new Date();
  const minute = minuteOf(createdAt);
  const key = `${tokenId}|${row.instanceId}|${row.status}|${minute}`;
  const found = buckets().get(key);
  if (found) {
    found.row.count = (found.row.count ?? 1) + 1;
    return false;
  }
  buckets().set(key, { row: { ...row, count: 1 }, minute });
  return true;
}

/** Takes the buckets out as rows: all of them, or only the minutes that have ended. */
export function drainRefusals(onlyClosed = false, now = new Date()): AuditRow[] {
  const current = minuteOf(now);
  const out: AuditRow[] = [];
  for (const [key, bucket] of buckets()) {
    if (onlyClosed && bucket.minute >= current) continue;
    out.push(bucket.row);
    buckets().delete(key);
  }
  return out;
}

/** Milliseconds until the current minute's buckets close. */
export function msUntilNextMinute(now = Date.now()): number {
  return 60_000 - (now % 60_000) + 50;
}

export function hasRefusals(): boolean {
  return buckets().size > 0;
}
