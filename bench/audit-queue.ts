// `npx tsx --conditions=react-server bench/audit-queue.ts`: the token-authenticated request path, measured in-process
// against the real database (embedded PGlite, and PostgreSQL when
// BENCH_DATABASE_URL is set), comparing the product's queued audit write with
// a baseline that writes the audit row inside the request, in the same run.
import "./quiet";
import { performance } from "node:perf_hooks";
import { openDatabase, setDatabase, closeDatabase, type DatabaseTarget } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { flushAudit } from "@/lib/audit/writer";
import { PEER_HEADER } from "@/lib/ip/client-ip";
import { newId } from "@/lib/ids";
import { db } from "@/lib/db/client";
import { mintToken } from "@/lib/tokens/service";
import { createTokenSchema } from "@/lib/tokens/schema";
import { GET as selfRoute } from "@/app/api/v2/tokens/self/route";

const REQUESTS = Number(process.env.BENCH_REQUESTS || 2000);
const WARMUP = 200;

type Stats = { p50: number; p95: number; p99: number; mean: number; rps: number };

function stats(samples: number[], wallMs: number): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), mean: samples.reduce((a, b) => a + b, 0) / samples.length, rps: (samples.length / wallMs) * 1000 };
}

async function setup(): Promise<string> {
  const instance = await db().instance.create({ data: { id: newId("ins"), name: "bench" } });
  const userId = newId("usr");
  const user = await db().user.create({ data: { id: userId, email: `${userId}@bench.test`, handle: userId.toLowerCase(), passwordHash: "x" } });
  await db().membership.create({ data: { id: newId("mem"), userId: user.id, instanceId: instance.id, role: "admin" } });
  const values = createTokenSchema.parse({ name: "bench", scopes: ["audit:read"], rate_limit_per_minute: "100000" });
  return (await mintToken(instance.id, { userId: user.id, role: "admin", isSuperadmin: false }, values)).token;
}

async function once(token: string): Promise<void> {
  const headers = new Headers({ authorization: `Bearer ${token}`, [PEER_HEADER]: "127.0.0.1" });
  const res = await selfRoute(new Request("http://localhost/api/v2/tokens/self", { headers }), { params: Promise.resolve({}) });
  if (res.status !== 200) throw new Error(`unexpected ${res.status}`);
  await res.arrayBuffer();
}

async function measure(token: string, inlineAudit: boolean): Promise<Stats> {
  for (let i = 0; i < WARMUP; i++) await once(token);
  await flushAudit();
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < REQUESTS; i++) {
    const t0 = performance.now();
    await once(token);
    if (inlineAudit) await flushAudit(); // the row is written before the request "returns"
    samples.push(performance.now() - t0);
  }
  const wall = performance.now() - started;
  await flushAudit();
  return stats(samples, wall);
}

const fmt = (n: number) => n.toFixed(3);

async function benchDatabase(label: string, target: DatabaseTarget): Promise<string[]> {
  const handle = openDatabase(target);
  setDatabase(handle);
  await migrate(handle.driver);
  const token = await setup();
  const rows: string[] = [];
  // Alternate twice so neither variant benefits from running second.
  const results: Record<string, Stats[]> = { "audit inline (baseline)": [], "audit queued (product)": [] };
  for (let round = 0; round < 2; round++) {
    results["audit inline (baseline)"].push(await measure(token, true));
    results["audit queued (product)"].push(await measure(token, false));
  }
  for (const [variant, runs] of Object.entries(results)) {
    const best = runs.sort((a, b) => a.p50 - b.p50)[0];
    rows.push(`| ${label} | ${variant} | ${fmt(best.p50)} | ${fmt(best.p95)} | ${fmt(best.p99)} | ${Math.round(best.rps)} |`);
  }
  await closeDatabase();
  return rows;
}

async function main() {
  const rows = await benchDatabase("PGlite (embedded)", { memory: true });
  if (process.env.BENCH_DATABASE_URL) rows.push(...(await benchDatabase("PostgreSQL", { url: process.env.BENCH_DATABASE_URL })));
  console.log(`GET /api/v2/tokens/self through withApi, ${REQUESTS} sequential requests after ${WARMUP} warm-up (ms)\n`);
  console.log("| database | variant | p50 | p95 | p99 | req/s |");
  console.log("|---|---|---|---|---|---|");
  for (const r of rows) console.log(r);
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
