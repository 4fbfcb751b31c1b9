import "server-only";
import { sql, utc, utcParam } from "@/lib/db/sql";
import type { Endpoint, EndpointTest } from "@/lib/db/generated/client";
import type { Position } from "@/lib/db/cursor";

// Endpoint reads as one statement each (lib/db/sql.ts says why): the endpoint
// rows with their latest test run joined LATERAL, in the shape Prisma answers
// (`Endpoint & { tests }`), so one view function serves reads and writes.

export type EndpointRow = Endpoint & { tests: EndpointTest[] };

/** The filters of the list route; the instance id is always the first condition. */
export type EndpointFilter = {
  tag?: string;
  status?: string;
  wireFormat?: string;
  ownerUserId?: string;
  /** A LIKE pattern matched case-insensitively against name and host. */
  like?: string;
  after?: Position;
};

const COLUMNS = `e.id, e.instance_id AS "instanceId", e.name, e.url, e.url_key AS "urlKey", e.host,
  e.wire_format AS "wireFormat", e.model, e.auth_header AS "authHeader", e.auth_secret_name AS "authSecretName",
  e.owner_user_id AS "ownerUserId", e.tags, e.status, e.description, e.api_standard_handle AS "apiStandardHandle",
  e.service_handle AS "serviceHandle", e.dimensions, e.request_template AS "requestTemplate",
  e.response_path AS "responsePath", ${utc("e.created_at")} AS "createdAt", ${utc("e.updated_at")} AS "updatedAt",
  t.id AS "t_id", t.instance_id AS "t_instanceId", ${utc("t.tested_at")} AS "t_testedAt",
  t.upstream_status AS "t_upstreamStatus", t.latency_ms AS "t_latencyMs", t.verdict AS "t_verdict", t.reason AS "t_reason",
  t.detail AS "t_detail", t.dlp_rule_id AS "t_dlpRuleId", t.actor_label AS "t_actorLabel"`;

const LAST_TEST = `LEFT JOIN LATERAL (
  SELECT * FROM endpoint_tests WHERE endpoint_id = e.id ORDER BY tested_at DESC, id DESC LIMIT 1
) t ON true`;

type Flat = Endpoint & {
  t_id: string | null;
  t_instanceId: string;
  t_testedAt: Date;
  t_upstreamStatus: number | null;
  t_latencyMs: number;
  t_verdict: string;
  t_reason: string | null;
  t_detail: string;
  t_dlpRuleId: string | null;
  t_actorLabel: string | null;
};

function nest(r: Flat): EndpointRow {
  const { t_id, t_instanceId, t_testedAt, t_upstreamStatus, t_latencyMs, t_verdict, t_reason, t_detail, t_dlpRuleId, t_actorLabel, ...endpoint } = r;
  const tests: EndpointTest[] = t_id
    ? [{ id: t_id, instanceId: t_instanceId, endpointId: r.id, testedAt: t_testedAt, upstreamStatus: t_upstreamStatus, latencyMs: t_latencyMs, verdict: t_verdict, reason: t_reason, detail: t_detail, dlpRuleId: t_dlpRuleId, actorLabel: t_actorLabel }]
    : [];
  return { ...endpoint, tests };
}

/** One endpoint of the instance, or null. */
export async function findEndpointRow(instanceId: string, id: string): Promise<EndpointRow | null> {
  const rows = await sql<Flat>(`SELECT ${COLUMNS} FROM endpoints e ${LAST_TEST} WHERE e.instance_id = $1 AND e.id = $2`, [instanceId, id], { prepare: true });
  return rows[0] ? nest(rows[0]) : null;
}

/**
 * Up to `take` endpoints of the instance, newest first (created_at, id). The
 * page is cut first and the latest test joined to its rows only.
 */
export async function listEndpointRows(instanceId: string, f: EndpointFilter, take: number): Promise<EndpointRow[]> {
  const { text, values, prepare } = endpointListQuery(instanceId, f, take);
  return (await sql<Flat>(text, values, { prepare })).map(nest);
}

/** The list's statement and its parameters (the benchmark explains this very statement). */
export function endpointListQuery(instanceId: string, f: EndpointFilter, take: number): { text: string; values: unknown[]; prepare: boolean } {
  const values: unknown[] = [instanceId];
  const param = (v: unknown) => `$${values.push(v)}`;
  const where = ["instance_id = $1"];
  if (f.tag !== undefined) where.push(`tags @> ARRAY[${param(f.tag)}]::text[]`);
  if (f.status !== undefined) where.push(`status = ${param(f.status)}`);
  if (f.wireFormat !== undefined) where.push(`wire_format = ${param(f.wireFormat)}`);
  if (f.ownerUserId !== undefined) where.push(`owner_user_id = ${param(f.ownerUserId)}`);
  if (f.like !== undefined) {
    const p = param(f.like);
    where.push(`(name ILIKE ${p} OR host ILIKE ${p})`);
  }
  if (f.after) {
    // The redundant `<=` is what the (instance_id, created_at DESC, id) index seeks to (lib/db/cursor.ts).
    const at = utcParam(values.push(f.after.createdAt.toISOString()));
    const id = param(f.after.id);
    where.push(`created_at <= ${at} AND (created_at < ${at} OR (created_at = ${at} AND id < ${id}))`);
  }
  // A text search orders by an expression the index cannot answer, so the planner takes the
  // trigram and tag indexes to find the few matches and sorts them, instead of walking the whole
  // instance in index order when the matches are rare or absent (docs/performance.md, scenario 4).
  const order = f.like !== undefined ? `created_at + interval '0 seconds' DESC, id DESC` : `created_at DESC, id DESC`;
  const page = `SELECT * FROM endpoints WHERE ${where.join(" AND ")} ORDER BY ${order} LIMIT ${param(take)}`;
  // Prepared only as the plain pages (first, and by cursor): two texts, not one per filter mix.
  const prepare = Object.entries(f).every(([k, v]) => k === "after" || v === undefined);
  return { text: `SELECT ${COLUMNS} FROM (${page}) e ${LAST_TEST} ORDER BY e.created_at DESC, e.id DESC`, values, prepare };
}
