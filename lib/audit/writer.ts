import "server-only";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import { log } from "@/lib/log";
import { bounded, reduced, type AuditRow } from "./bounds";
import { addRefusal, drainRefusals, hasRefusals, msUntilNextMinute } from "./refusals";

// Audit rows are written off the request path: queued here and inserted in
// batches a few milliseconds later (docs/performance.md measures the gain).
// A failed batch is retried row by row, and a row that still fails is kept
// in a reduced form: one bad row never costs other requests their rows.
// A token's last-used time rides along in the same flush.

const FLUSH_DELAY_MS = 10;
const MAX_BATCH = 200;
/** Timer-driven flushes leave the refusal counts of the running minute open. */
const PERIODIC = { openMinutes: false } as const;

type Queue = {
  rows: AuditRow[];
  usedTokens: Set<string>;
  timer?: NodeJS.Timeout;
  refusalTimer?: NodeJS.Timeout;
  flushing?: Promise<void>;
};

const state = globalThis as unknown as { __penaxtraAudit?: Queue };

function queue(): Queue {
  state.__penaxtraAudit ??= { rows: [], usedTokens: new Set() };
  return state.__penaxtraAudit;
}

export function enqueueAudit(row: AuditRow, usedTokenId?: string): void {
  const q = queue();
  q.rows.push(row);
  if (usedTokenId) q.usedTokens.add(usedTokenId);
  if (q.rows.length >= MAX_BATCH) void flushAudit(PERIODIC);
  else q.timer ??= setTimeout(() => void flushAudit(PERIODIC), FLUSH_DELAY_MS);
}

/** A refused token request: counted into its token/status/minute row (lib/audit/refusals.ts). */
export function enqueueRefusal(row: AuditRow, tokenId: string): void {
  addRefusal(row, tokenId);
  scheduleRefusalFlush(queue());
}

/** Writes the refusal rows of each minute once it has ended. */
function scheduleRefusalFlush(q: Queue): void {
  if (q.refusalTimer || !hasRefusals()) return;
  q.refusalTimer = setTimeout(() => {
    q.refusalTimer = undefined;
    void flushAudit(PERIODIC).finally(() => scheduleRefusalFlush(q));
  }, msUntilNextMinute());
  q.refusalTimer.unref?.();
}

/**
 * Writes everything queued so far, with the aggregated refusals: all of them
 * (the default: tests, the CLI and shutdown on SIGTERM), or only those whose
 * minute has ended (the periodic flush).
 */
export async function flushAudit(opts: { openMinutes?: boolean } = {}): Promise<void> {
  const q = queue();
  for (const row of drainRefusals(opts.openMinutes === false)) q.rows.push(row);
  if (q.timer) clearTimeout(q.timer);
  q.timer = undefined;
  while (q.flushing) await q.flushing;
  if (q.rows.length === 0) return;
  const rows = q.rows.splice(0, q.rows.length);
  const tokenIds = [...q.usedTokens];
  q.usedTokens.clear();
  q.flushing = write(rows, tokenIds).finally(() => {
    q.flushing = undefined;
  });
  await q.flushing;
  if (q.rows.length > 0) await flushAudit(opts);
}

async function write(rows: AuditRow[], tokenIds: string[]): Promise<void> {
  const safe = rows.map(bounded);
  try {
    await db().auditEvent.createMany({ data: safe });
  } catch (e) {
    log.warn({ err: e, rows: safe.length }, "audit batch failed; writing row by row");
    for (const row of safe) await writeOne(row);
  }
  if (tokenIds.length) {
    await db().apiToken.updateMany({ where: { id: { in: tokenIds } }, data: { lastUsedAt: new Date() } }).catch((e: unknown) => {
      log.warn({ err: e }, "last-used update failed");
    });
  }
}

async function writeOne(row: AuditRow): Promise<void> {
  try {
    await db().auditEvent.create({ data: row });
    return;
  } catch (e) {
    log.error({ err: e, action: row.action, actorType: row.actorType, actorId: row.actorId }, "audit row refused; keeping a reduced row");
  }
  try {
    await db().auditEvent.create({ data: reduced(row, newId("evt")) });
  } catch (e) {
    // The database itself is failing: the log is the last record (no secrets in audit rows).
    log.error({ err: e, row: reduced(row, row.id) }, "audit row lost");
  }
}
