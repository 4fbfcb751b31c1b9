// Scenario 4: the lists at scale. 100,000 endpoints and 1,000,000 audit rows in
// the benchmark's instance plus 10 other instances (10,000 endpoints and
// 100,000 audit rows each), inserted in batches by SQL, then the first list
// page, a filtered list (tag + text), a page deep in the cursor chain and the
// audit log filtered by token short id and time range, timed one request at a
// time over HTTP (200 samples each, so the p99 is not just the slowest one).
// Query plans of the slow ones: the product's own statements
// (lib/endpoints/read.ts, lib/audit/read.ts).
import { performance } from "node:perf_hooks";
import type pg from "pg";
import { endpointListQuery, type EndpointFilter } from "@/lib/endpoints/read";
import { auditListQuery } from "@/lib/audit/read";
import { auditQuerySchema } from "@/lib/audit/schema";

export type ScaleRow = { name: string; p50: number; p99: number; status: string; plan?: string };

const ENDPOINTS = 100_000;
const AUDIT_ROWS = 1_000_000;
const OTHERS = 10;
const BATCH = 100_000;
const SAMPLES = 200;
const pct = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

async function seed(pool: pg.Pool, instanceId: string, ownerId: string, endpoints: number, auditRows: number, shortId: string): Promise<void> {
  for (let from = 1; from <= endpoints; from += BATCH) {
    const to = Math.min(endpoints, from + BATCH - 1);
    await pool.query(
      `INSERT INTO endpoints (id, instance_id, name, url, url_key, host, wire_format, model, owner_user_id, tags, status, description, created_at, updated_at)
       SELECT $1 || '_ep' || g, $1, 'Endpoint ' || g || CASE WHEN g % 100 = 0 THEN ' needle' ELSE '' END,
              'https://h' || g || '.example/v1', 'https://h' || g || '.example/v1', 'h' || g || '.example', 'chat_completions_v1', 'm-1', $2,
              ARRAY['t' || (g % 10)], 'active', NULL, now() - (g || ' seconds')::interval, now()
       FROM generate_series($3::int, $4::int) g`,
      [instanceId, ownerId, from, to],
    );
  }
  for (let from = 1; from <= auditRows; from += BATCH) {
    const to = Math.min(auditRows, from + BATCH - 1);
    await pool.query(
      `INSERT INTO audit_events (id, instance_id, created_at, actor_type, token_short_id, action, method, path, status, outcome, count)
       SELECT $1 || '_au' || g, $1, now() - ((g * 2.5) || ' seconds')::interval, 'token',
              CASE WHEN g % 20 = 0 THEN $2 ELSE lpad(to_hex(g % 997), 8, '0') END,
              'api.request', 'GET', '/api/v2/endpoints', 200, 'success', 1
       FROM generate_series($3::int, $4::int) g`,
      [instanceId, shortId, from, to],
    );
  }
}

/** `auth` lists endpoints; `auditAuth` reads the audit log (a token with audit:read). */
export async function scaleScenario(pool: pg.Pool, base: string, auth: Record<string, string>, auditAuth: Record<string, string>, instanceId: string, shortId: string): Promise<ScaleRow[]> {
  const owner = (await pool.query("SELECT owner_user_id FROM endpoints WHERE instance_id = $1 LIMIT 1", [instanceId])).rows[0].owner_user_id as string;
  await seed(pool, instanceId, owner, ENDPOINTS, AUDIT_ROWS, shortId);
  for (let i = 0; i < OTHERS; i++) {
    const other = `ins_bench_other_${i}`;
    await pool.query("INSERT INTO instances (id, name, created_at, updated_at) VALUES ($1, $2, now(), now())", [other, `Other ${i}`]);
    await seed(pool, other, owner, ENDPOINTS / 10, AUDIT_ROWS / 10, shortId);
  }
  // What autovacuum would soon do after such a load: statistics, the visibility map, and the GIN
  // indexes' pending lists merged (a trigram search reads the pending list in full until then).
  await pool.query("VACUUM ANALYZE endpoints");
  await pool.query("VACUUM ANALYZE audit_events");

  const deep = (await pool.query("SELECT id, created_at AT TIME ZONE 'UTC' AS created_at FROM endpoints WHERE instance_id = $1 ORDER BY created_at DESC, id DESC OFFSET 80000 LIMIT 1", [instanceId])).rows[0];
  const cursor = Buffer.from(`${new Date(deep.created_at).toISOString()}|${deep.id}`).toString("base64url");
  const since = new Date(Date.now() - 7 * 86400_000).toISOString();
  const until = new Date(Date.now() - 1 * 86400_000).toISOString();
  const explained = (f: EndpointFilter) => {
    const q = endpointListQuery(instanceId, f, 21);
    return { sql: q.text, params: q.values };
  };
  const explainedAudit = (q: Record<string, string>) => {
    const { text, values } = auditListQuery(instanceId, auditQuerySchema.parse(q), 51);
    return { sql: text, params: values };
  };
  const cases: { name: string; url: string; sql: string; params: unknown[]; headers?: Record<string, string> }[] = [
    { name: "endpoints, first page", url: "/api/v2/endpoints?limit=20", ...explained({}) },
    { name: "endpoints, tag + text", url: "/api/v2/endpoints?limit=20&tag=t3&q=needle", ...explained({ tag: "t3", like: "%needle%" }) },
    {
      name: "endpoints, page 4,001 of the cursor chain",
      url: `/api/v2/endpoints?limit=20&cursor=${cursor}`,
      ...explained({ after: { createdAt: new Date(deep.created_at), id: deep.id } }),
    },
    {
      name: "audit, token short id + 6 days",
      headers: auditAuth,
      url: `/api/v2/audit?token_short_id=${shortId}&since=${encodeURIComponent(since)}&until=${encodeURIComponent(until)}`,
      ...explainedAudit({ token_short_id: shortId, since, until }),
    },
  ];
  const rows: ScaleRow[] = [];
  for (const c of cases) {
    const samples: number[] = [];
    const statuses = new Set<number>();
    for (let i = 0; i < SAMPLES + 10; i++) {
      const t0 = performance.now();
      const res = await fetch(`${base}${c.url}`, { headers: c.headers ?? auth });
      await res.arrayBuffer();
      statuses.add(res.status);
      if (i >= 10) samples.push(performance.now() - t0);
    }
    const row: ScaleRow = { name: c.name, p50: pct(samples, 0.5), p99: pct(samples, 0.99), status: [...statuses].join(",") };
    if (row.p50 > 15 || row.p99 > 50) {
      const plan = await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${c.sql}`, c.params);
      row.plan = plan.rows.map((r) => r["QUERY PLAN"]).join("\n");
    }
    rows.push(row);
  }
  return rows;
}
