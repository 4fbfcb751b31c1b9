import "server-only";
import { sql, utc, utcParam } from "@/lib/db/sql";
import { decodeCursor } from "@/lib/db/cursor";
import { likeLiteral } from "@/lib/db/errors";
import type { AuditEvent } from "@/lib/db/generated/client";
import type { AuditQuery } from "./schema";

// The audit log's list as one statement (lib/db/sql.ts says why): the rows in
// the shape Prisma answers, newest first, with the filters of GET /api/v2/audit.

const COLUMNS = `id, instance_id AS "instanceId", ${utc("created_at")} AS "createdAt", actor_type AS "actorType",
  actor_id AS "actorId", actor_label AS "actorLabel", actor_instance_id AS "actorInstanceId", token_short_id AS "tokenShortId",
  action, method, path, status, outcome, client_ip AS "clientIp", target, request_id AS "requestId", count`;

/** Up to `take` rows of an instance's log (null: the control plane's). */
export async function listAuditRows(instanceId: string | null, q: AuditQuery, take: number): Promise<AuditEvent[]> {
  const { text, values, prepare } = auditListQuery(instanceId, q, take);
  return sql<AuditEvent>(text, values, { prepare });
}

/** The list's statement and its parameters (the benchmark explains this very statement). */
export function auditListQuery(instanceId: string | null, q: AuditQuery, take: number): { text: string; values: unknown[]; prepare: boolean } {
  const values: unknown[] = [];
  const param = (v: unknown) => `$${values.push(v)}`;
  const at = (iso: string) => utcParam(values.push(iso));
  const where = [instanceId === null ? "instance_id IS NULL" : `instance_id = ${param(instanceId)}`];
  if (q.actor) {
    const p = param(q.actor);
    where.push(`(actor_id = ${p} OR actor_label = ${p} OR token_short_id = ${p})`);
  }
  if (q.token_short_id) where.push(`token_short_id = ${param(q.token_short_id)}`);
  if (q.outcome) where.push(`outcome = ${param(q.outcome)}`);
  // Prefixes, literally: LIKE's wildcards in them are escaped.
  if (q.path) where.push(`path LIKE ${param(`${likeLiteral(q.path)}%`)}`);
  if (q.action) where.push(`action = ${param(q.action)}`);
  if (q.target) where.push(`target LIKE ${param(`${likeLiteral(q.target)}%`)}`);
  if (q.since) where.push(`created_at >= ${at(new Date(q.since).toISOString())}`);
  if (q.until) where.push(`created_at <= ${at(new Date(q.until).toISOString())}`);
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    const time = at(c.createdAt.toISOString());
    where.push(`created_at <= ${time} AND (created_at < ${time} OR (created_at = ${time} AND id < ${param(c.id)}))`);
  }
  // Prepared only as the plain pages (first, and by cursor): a few texts, not one per filter mix.
  const prepare = Object.entries(q).every(([k, v]) => k === "cursor" || k === "limit" || v === undefined);
  return { text: `SELECT ${COLUMNS} FROM audit_events WHERE ${where.join(" AND ")} ORDER BY created_at DESC, id DESC LIMIT ${param(take)}`, values, prepare };
}
