import "server-only";
import { db } from "@/lib/db/client";
import { sql, utcParam } from "@/lib/db/sql";
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

// One statement per batch, whatever its size (lib/db/sql.ts): the rows travel as one JSON parameter.
const INSERT_BATCH = `INSERT INTO audit_events (id, instance_id, created_at, actor_type, actor_id, actor_label, actor_instance_id,
    token_short_id, action, method, path, status, outcome, client_ip, target, request_id, count)
  SELECT id, instance_id, created_at AT TIME ZONE 'UTC', actor_type, actor_id, actor_label, actor_instance_id,
    token_short_id, action, method, path, status, outcome, client_ip, target, request_id, count
  FROM jsonb_to_recordset($1::jsonb) AS r(id text, instance_id text, created_at timestamptz, actor_type text, actor_id text,
    actor_label text, actor_instance_id text, token_short_id text, action text, method text, path text, status int,
    outcome text, client_ip text, target text, request_id text, count int)`;

function asRecord(r: AuditRow) {
  return {
    id: r.id, instance_id: r.instanceId, created_at: (r.createdAt as Date).toISOString(), actor_type: r.actorType, actor_id: r.actorId,
    actor_label: r.actorLabel, actor_instance_id: r.actorInstanceId, token_short_id: r.tokenShortId, action: r.action, method: r.method,
    path: r.path, status: r.status, outcome: r.outcome, client_ip: r.clientIp, target: r.target, request_id: r.requestId, count: r.count,
  };
}

async function write(rows: AuditRow[], tokenIds: string[]): Promise<void> {
  const safe = rows.map(bounded);
  try {
    await sql(INSERT_BATCH, [JSON.stringify(safe.map(asRecord))], { prepare: true });
  } catch (e) {
    log.warn({ err: e, rows: safe.length }, "audit batch failed; writing row by row");
    for (const row of safe) await writeOne(row);
  }
  if (tokenIds.length) {
    await sql(`UPDATE api_tokens SET last_used_at = ${utcParam(2)} WHERE id = ANY($1::text[])`, [tokenIds, new Date().toISOString()], { prepare: true }).catch((e: unknown) => {
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
