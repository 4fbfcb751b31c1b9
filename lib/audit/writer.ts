import "server-only";
import { db } from "@/lib/db/client";
import { log } from "@/lib/log";
import type { Prisma as P } from "@/lib/db/generated/client";

// Audit rows are written off the request path: queued here and inserted in
// batches a few milliseconds later (docs/performance.md measures the gain).
// A token's last-used time rides along in the same flush.

type Row = P.AuditEventCreateManyInput;

const FLUSH_DELAY_MS = 10;
const MAX_BATCH = 200;

const state = globalThis as unknown as {
  __penaxtraAudit?: { queue: Row[]; usedTokens: Set<string>; timer?: NodeJS.Timeout; flushing?: Promise<void> };
};

function queue() {
  state.__penaxtraAudit ??= { queue: [], usedTokens: new Set() };
  return state.__penaxtraAudit;
}

export function enqueueAudit(row: Row, usedTokenId?: string): void {
  const q = queue();
  q.queue.push(row);
  if (usedTokenId) q.usedTokens.add(usedTokenId);
  if (q.queue.length >= MAX_BATCH) void flushAudit();
  else q.timer ??= setTimeout(() => void flushAudit(), FLUSH_DELAY_MS);
}

/** Writes everything queued so far. Awaited by tests, the CLI and shutdown. */
export async function flushAudit(): Promise<void> {
  const q = queue();
  if (q.timer) clearTimeout(q.timer);
  q.timer = undefined;
  while (q.flushing) await q.flushing;
  if (q.queue.length === 0) return;
  const rows = q.queue.splice(0, q.queue.length);
  const tokenIds = [...q.usedTokens];
  q.usedTokens.clear();
  q.flushing = write(rows, tokenIds).finally(() => {
    q.flushing = undefined;
  });
  await q.flushing;
  if (q.queue.length > 0) await flushAudit();
}

async function write(rows: Row[], tokenIds: string[]): Promise<void> {
  try {
    await db().auditEvent.createMany({ data: rows });
    if (tokenIds.length) {
      await db().apiToken.updateMany({ where: { id: { in: tokenIds } }, data: { lastUsedAt: new Date() } });
    }
  } catch (e) {
    // Never drop audit rows silently: log them (they hold no secrets) for recovery.
    log.error({ err: e, rows }, "audit write failed");
  }
}
