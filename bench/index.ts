// `npm run bench`: the production server (scripts/start.mjs) on a fresh
// PostgreSQL database, loaded by autocannon in a separate process. Every figure
// is a ratio or a difference against a baseline measured in the same run,
// alternating baseline and target, because these machines are noisy.
// Prints a table and rewrites the results section of docs/performance.md.
//   BENCH_PG_ADMIN_URL  an admin URL (default: TEST_DATABASE_URL's server, else postgres@127.0.0.1)
//   BENCH_ROUNDS        alternations (default 3)   BENCH_SECONDS  seconds per run (default 5)
// Builds first when there is no production build (a fresh clone). About 5
// minutes on two cores with a build in place: PostgreSQL (scenarios 1–4), then
// PGlite (scenarios 1–3), then the console's weight from the build output.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync, mkdtempSync, existsSync } from "node:fs";
import { tmpdir, cpus, totalmem } from "node:os";
import path from "node:path";
import pg from "pg";
import { performance } from "node:perf_hooks";
import { startFakeUpstream } from "../test/fake-upstream";
import { firstLoadJs } from "./first-load";
import { scaleScenario, type ScaleRow } from "./scale";

const ROOT = path.resolve(import.meta.dirname, "..");
const ADMIN_URL =
  process.env.BENCH_PG_ADMIN_URL ||
  (process.env.TEST_DATABASE_URL ? process.env.TEST_DATABASE_URL.replace(/\/[^/]*$/, "/postgres") : "postgresql://postgres@127.0.0.1:5432/postgres");
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const SECONDS = Number(process.env.BENCH_SECONDS || 5);
const CONNECTIONS = 50;
// /app/endpoints/new redirects to the current workspace's page, which the target is about.
const NEW_PAGE = "/app/[instanceId]/endpoints/new";
const PORT = 3900 + Math.floor(Math.random() * 90);
const BASE = `http://127.0.0.1:${PORT}`;

/** Runs node with extra environment; an empty value removes the variable. */
function node(args: string[], env: Record<string, string> = {}, input = "") {
  const merged: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === "") delete merged[k];
  return spawnSync(process.execPath, args, { cwd: ROOT, env: merged, input, encoding: "utf8", timeout: 180_000, maxBuffer: 64 << 20 });
}

function cli(args: string[], env: Record<string, string>, input = ""): Record<string, string> {
  const res = node(["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "cli/index.ts", ...args, "--json"], env, input);
  if (res.status !== 0) throw new Error(`cli ${args[0]} failed (${res.status}): ${res.stdout} ${res.stderr}`);
  return JSON.parse(res.stdout.trim().split("\n").pop() ?? "{}");
}

type Cannon = { rps: number; p50: number; p99: number; statuses: Record<string, number>; errors: number; answered: number };

/** One autocannon run in its own process: for `seconds`, or for `amount` requests when given. */
function cannon(url: string, headers: Record<string, string>, opts: { seconds?: number; amount?: number }): Cannon {
  // -L 20: autocannon ends a run at its next sample tick (1 s by default), so a run of a fixed
  // number of requests would report a duration rounded up to the second, and a throughput off by
  // up to a fifth; ticks every 20 ms keep that under half a percent.
  const args = ["node_modules/autocannon/autocannon.js", "--json", "-L", "20", "-c", String(CONNECTIONS)];
  if (opts.amount) args.push("-a", String(opts.amount));
  else args.push("-d", String(opts.seconds ?? SECONDS));
  for (const [k, v] of Object.entries(headers)) args.push("-H", `${k}=${v}`);
  const res = node([...args, url]);
  if (res.status !== 0) throw new Error(`autocannon failed: ${res.stderr}`);
  const out = JSON.parse(res.stdout);
  const statuses: Record<string, number> = {};
  for (const [code, s] of Object.entries(out.statusCodeStats ?? {})) statuses[code] = (s as { count: number }).count;
  const answered = Object.values(statuses).reduce((a, b) => a + b, 0);
  return { rps: answered / (out.duration || 1), p50: out.latency.p50, p99: out.latency.p99, statuses, errors: out.errors + out.timeouts, answered };
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function waitHealthy(): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("the server did not become healthy");
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);

type Leg = { label: "PostgreSQL" | "PGlite"; cliEnv: Record<string, string>; serverEnv: Record<string, string> };
type Prepared = { instanceId: string; auth: Record<string, string>; shortId: string; auditAuth: Record<string, string> };

/** Seal key, admin, instance, a token for the load and one that reads the audit log: through the CLI. */
function prepare(leg: Leg): Prepared & { sealKey: string } {
  const sealKey = cli(["keys:generate"], leg.cliEnv).entry;
  cli(["admin:create", "--email", "bench@penaxtra.test"], leg.cliEnv, "bench-password-12345\n");
  const instance = cli(["instance:create", "--name", "Bench"], leg.cliEnv);
  const token = (name: string, scopes: string) => cli(["token:create", "--instance", instance.id, "--email", "bench@penaxtra.test", "--name", name, "--scopes", scopes], leg.cliEnv);
  const load = token("bench", "endpoints:read,endpoints:write");
  const reader = token("bench-audit", "audit:read");
  return { sealKey, instanceId: instance.id, auth: { authorization: `Bearer ${load.token}` }, shortId: load.short_id, auditAuth: { authorization: `Bearer ${reader.token}` } };
}

function startBenchServer(leg: Leg, sealKey: string): ChildProcess {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(PORT),
    PENAXTRA_SEAL_KEY: sealKey,
    NEXTAUTH_URL: BASE,
    PENAXTRA_BENCH: "1",
    PENAXTRA_EGRESS_ALLOW: "127.0.0.1/32",
    PENAXTRA_LOG_LEVEL: "warn",
    // The benchmark measures the request path, not the limiter's refusals.
    PENAXTRA_RATE_LIMIT_PER_MINUTE: "100000000",
    PENAXTRA_RATE_LIMIT_MAX_PER_MINUTE: "100000000",
    ...leg.serverEnv,
  };
  if (!leg.serverEnv.DATABASE_URL) delete env.DATABASE_URL; // PGlite: the embedded database in the data directory
  return spawn(process.execPath, ["scripts/start.mjs"], { cwd: ROOT, env, stdio: "ignore" });
}

async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((r) => server.once("exit", r));
  server.kill("SIGTERM");
  await exited;
}

/** Audit rows (with their aggregated counts) of a token, read through the audit API by another token. */
async function auditedCount(p: Prepared): Promise<number> {
  let total = 0;
  let cursor: string | null = null;
  do {
    const url: string = `${BASE}/api/v2/audit?limit=200&token_short_id=${p.shortId}${cursor ? `&cursor=${cursor}` : ""}`;
    const res = await fetch(url, { headers: p.auditAuth });
    if (res.status !== 200) throw new Error(`the audit log answered ${res.status}: ${await res.text()}`);
    const page = (await res.json()) as { data: { count: number }[]; next_cursor: string | null };
    total += page.data.reduce((a, r) => a + r.count, 0);
    cursor = page.next_cursor;
  } while (cursor);
  return total;
}

type ReadResult = {
  base: Cannon[];
  list: Cannon[];
  baseAmount: number;
  listAmount: number;
  bytes: number;
  baseBytes: number;
  rssMb: number;
  answered: number;
  statuses: Record<string, number>;
  transportErrors: number;
  auditRows: number;
};

/** Scenarios 1–2: the baseline and the authenticated list, alternating, with the correctness checks. */
async function readScenario(p: Prepared, server: ChildProcess): Promise<ReadResult> {
  const listUrl = `${BASE}/api/v2/endpoints?limit=20`;
  const listBody = await (await fetch(listUrl, { headers: p.auth })).text();
  const bytes = Buffer.byteLength(listBody);
  const baseUrl = `${BASE}/api/v2/bench/baseline?bytes=${bytes}`;
  const baseBytes = Buffer.byteLength(await (await fetch(baseUrl)).text());

  // Warm-up (JIT, pools), which also calibrates the request counts of the measured runs.
  console.error(`bench: warming up (${bytes} B answers)…`);
  const warmBase = cannon(baseUrl, {}, { seconds: 3 });
  const warmList = cannon(listUrl, p.auth, { seconds: 3 });
  await sleep(2000); // stragglers answered, the audit queue flushed
  const auditBefore = await auditedCount(p);

  // Fixed request counts (≈ SECONDS each), so every request sent is answered before the count.
  const baseAmount = Math.max(1000, Math.round(warmBase.rps * SECONDS));
  const listAmount = Math.max(500, Math.round(warmList.rps * SECONDS));
  const base: Cannon[] = [];
  const list: Cannon[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    console.error(`bench: round ${round + 1}/${ROUNDS}`);
    base.push(cannon(baseUrl, {}, { amount: baseAmount }));
    list.push(cannon(listUrl, p.auth, { amount: listAmount }));
  }
  const rssMb = peakRssMb(server.pid!);
  await sleep(2000);
  const auditRows = (await auditedCount(p)) - auditBefore;
  const statuses: Record<string, number> = {};
  for (const r of list) for (const [c, n] of Object.entries(r.statuses)) statuses[c] = (statuses[c] ?? 0) + n;
  return {
    base,
    list,
    baseAmount,
    listAmount,
    bytes,
    baseBytes,
    rssMb,
    answered: list.reduce((a, r) => a + r.answered, 0),
    statuses,
    transportErrors: list.reduce((a, r) => a + r.errors, 0),
    auditRows,
  };
}

/** Twenty endpoints for the list (the answer of scenario 2). */
async function seedEndpoints(auth: Record<string, string>): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const res = await fetch(`${BASE}/api/v2/endpoints`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ name: `Bench ${i}`, url: `https://llm${i}.example/v1/chat/completions`, wire_format: "chat_completions_v1", model: "m-1", tags: ["bench", `t${i % 4}`], description: "benchmark endpoint" }),
    });
    if (res.status !== 201) throw new Error(`creating an endpoint answered ${res.status}: ${await res.text()}`);
  }
}

/** A production build: `npm run build` when there is none (a fresh clone). */
function ensureBuild(): void {
  if (existsSync(path.join(ROOT, ".next", "BUILD_ID"))) return;
  console.error("bench: no production build; running `npm run build` (about 3 minutes)…");
  const res = spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: ["ignore", process.stderr, process.stderr], timeout: 600_000 });
  if (res.status !== 0) throw new Error("`npm run build` failed");
}

type LegResult = { leg: Leg; read: ReadResult; overhead: Overhead };

async function runLeg(leg: Leg, upstream: Upstream, then?: (p: Prepared) => Promise<void>): Promise<LegResult> {
  console.error(`bench: ${leg.label}: preparing with the CLI…`);
  const prepared = prepare(leg);
  const server = startBenchServer(leg, prepared.sealKey);
  try {
    await waitHealthy();
    await seedEndpoints(prepared.auth);
    const overhead = await endpointTestOverhead(upstream, prepared.auth);
    const read = await readScenario(prepared, server);
    await then?.(prepared);
    return { leg, read, overhead };
  } finally {
    await stopServer(server);
  }
}

async function main() {
  ensureBuild();
  const dbName = `penaxtra_bench_${Date.now()}`;
  const dbUrl = ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`);
  const created = node(["scripts/test-db.mjs", "create", ADMIN_URL, dbName]);
  if (created.status !== 0) throw new Error(`creating ${dbName} failed: ${created.stderr}`);
  const pool = new pg.Pool({ connectionString: dbUrl, max: 2 });
  const upstream = await startFakeUpstream();
  try {
    const postgres: Leg = { label: "PostgreSQL", cliEnv: { DATABASE_URL: dbUrl }, serverEnv: { DATABASE_URL: dbUrl, PENAXTRA_DATA_DIR: mkdtempSync(path.join(tmpdir(), "penaxtra-bench-")) } };
    const dataDir = mkdtempSync(path.join(tmpdir(), "penaxtra-bench-pglite-"));
    const pglite: Leg = { label: "PGlite", cliEnv: { DATABASE_URL: "", PENAXTRA_DATA_DIR: dataDir }, serverEnv: { PENAXTRA_DATA_DIR: dataDir } };

    let scale: ScaleRow[] = [];
    let scaleSeconds = 0;
    const legs: LegResult[] = [];
    legs.push(
      await runLeg(postgres, upstream, async (p) => {
        console.error("bench: scale (inserting 1.2 M endpoints and 2 M audit rows in batches)…");
        const started = performance.now();
        scale = await scaleScenario(pool, BASE, p.auth, p.auditAuth, p.instanceId, p.shortId);
        scaleSeconds = (performance.now() - started) / 1000;
      }),
    );
    legs.push(await runLeg(pglite, upstream));

    const pages = firstLoadJs(ROOT);
    const pgVersion = (await pool.query("SHOW server_version")).rows[0].server_version;
    const table = report(legs, scale, scaleSeconds, pages, pgVersion);
    console.log(table);
    writeResults(table);
    const failed = scale.some((r) => r.status !== "200") || legs.some((l) => !l.overhead.ok || !correct(l.read));
    if (failed) process.exitCode = 1;
  } finally {
    await pool.end();
    await upstream.close();
    node(["scripts/test-db.mjs", "drop", ADMIN_URL, dbName]);
  }
}

const onlyOkOr429 = (r: ReadResult) => Object.keys(r.statuses).every((c) => c === "200" || c === "429");
const correct = (r: ReadResult) => onlyOkOr429(r) && r.transportErrors === 0 && r.auditRows === r.answered;
const mark = (ok: boolean) => (ok ? "met" : "**missed**");

function report(legs: LegResult[], scale: ScaleRow[], scaleSeconds: number, pages: ReturnType<typeof firstLoadJs>, pgVersion: string): string {
  const commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).stdout.trim();
  const dirty = spawnSync("git", ["status", "--porcelain", "--", "app", "lib", "bench", "components", "prisma", "scripts"], { cwd: ROOT, encoding: "utf8" }).stdout.trim() !== "";
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}, PostgreSQL ${pgVersion} on loopback, PGlite embedded`;
  const newPage = pages.find((p) => p.page === NEW_PAGE);
  const out: string[] = [];
  out.push(`Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC at commit \`${commit}\`${dirty ? " (with uncommitted changes)" : ""} on ${machine}.`);
  out.push("");
  out.push(`### 1–2. Authenticated read against the baseline`);
  out.push("");
  const first = legs[0].read;
  out.push(`${ROUNDS} alternating rounds per database, ${CONNECTIONS} connections, request counts calibrated from a 3 s warm-up of each to last about ${SECONDS} s (at least 500 and 1,000). Answers: list ${first.bytes} B, baseline ${first.baseBytes} B. Medians over the rounds; the ratio is taken per round, then the median.`);
  out.push("");
  out.push("| database | measure | baseline | `GET /api/v2/endpoints?limit=20` | figure | target | |");
  out.push("|---|---|---|---|---|---|---|");
  for (const { leg, read } of legs) {
    const ratio = median(read.list.map((r, i) => r.rps / read.base[i].rps));
    const p99Ratio = median(read.list.map((r, i) => r.p99 / read.base[i].p99));
    const bP50 = median(read.base.map((r) => r.p50));
    const lP50 = median(read.list.map((r) => r.p50));
    out.push(`| ${leg.label} | throughput (req/s) | ${Math.round(median(read.base.map((r) => r.rps)))} | ${Math.round(median(read.list.map((r) => r.rps)))} | ${ratio.toFixed(3)}× baseline | ≥ 0.6× | ${mark(ratio >= 0.6)} |`);
    out.push(`| ${leg.label} | p50 latency (ms) | ${f1(bP50)} | ${f1(lP50)} | +${f1(lP50 - bP50)} ms | | |`);
    out.push(`| ${leg.label} | p99 latency (ms) | ${f1(median(read.base.map((r) => r.p99)))} | ${f1(median(read.list.map((r) => r.p99)))} | ${f2(p99Ratio)}× baseline | ≤ 4× | ${mark(p99Ratio <= 4)} |`);
    out.push(`| ${leg.label} | server peak RSS (MB) | | | ${Math.round(read.rssMb)} | | |`);
  }
  out.push("");
  for (const { leg, read } of legs) {
    out.push(`${leg.label} per round (req/s, baseline → list): ` + read.base.map((b, i) => `${Math.round(b.rps)} → ${Math.round(read.list[i].rps)} (${f2(read.list[i].rps / b.rps)}×)`).join("; ") + ".");
    out.push("");
  }
  for (const { leg, read } of legs) {
    out.push(`Correctness under load (${leg.label}): ${read.answered} list requests answered, statuses ${JSON.stringify(read.statuses)}, ${read.transportErrors} transport errors (${mark(onlyOkOr429(read) && read.transportErrors === 0)}: only 200 or 429); audit rows (with aggregated counts, read back through \`GET /api/v2/audit\`) written for them: ${read.auditRows} (${mark(read.auditRows === read.answered)}: equal to the answered requests).`);
    out.push("");
  }
  out.push("### 3. Endpoint test overhead");
  out.push("");
  out.push(`\`POST /api/v2/endpoints/{id}/test\` against a loopback fake upstream (\`test/fake-upstream.ts\`, chat_completions_v1) minus a direct POST of the same payload to the same upstream, one request at a time from the benchmark process (timed with \`performance.now\`, not autocannon: the figures are a few milliseconds), ${TEST_ROUNDS} alternating rounds of ${TEST_BATCH} after ${TEST_BATCH} warm-up each. The baseline route, timed the same way in the same rounds, shows what Next.js itself takes to answer one request on this machine: the part of the added time that is not the product's.`);
  out.push("");
  out.push("| database | measure | direct (ms) | baseline route (ms) | through the test route (ms) | added (ms) | added beyond the baseline route (ms) | target | |");
  out.push("|---|---|---|---|---|---|---|---|---|");
  for (const { leg, overhead: o } of legs) {
    out.push(`| ${leg.label} | median | ${f1(o.direct.p50)} | ${f1(o.floor.p50)} | ${f1(o.test.p50)} | ${f1(o.test.p50 - o.direct.p50)} | ${f1(o.test.p50 - o.floor.p50)} | added ≤ 5 ms | ${mark(o.test.p50 - o.direct.p50 <= 5)} |`);
    out.push(`| ${leg.label} | p99 | ${f1(o.direct.p99)} | ${f1(o.floor.p99)} | ${f1(o.test.p99)} | ${f1(o.test.p99 - o.direct.p99)} | ${f1(o.test.p99 - o.floor.p99)} | | |`);
  }
  out.push("");
  out.push(`Every test answered 200 with verdict \`pass\`: ${legs.every((l) => l.overhead.ok) ? "yes" : "**no**"}.`);
  out.push("");
  out.push("### 4. Scale (PostgreSQL)");
  out.push("");
  out.push(`100,000 endpoints and 1,000,000 audit rows in the benchmark's instance plus 10 other instances of 10,000 and 100,000, inserted in batches of 100,000 by SQL, then 200 requests of each list one at a time after 10 warm-up (${Math.round(scaleSeconds)} s in all). Query plans follow for any list over a target (\`EXPLAIN (ANALYZE, BUFFERS)\` of the product's own statement for the endpoint lists, of SQL of the shape Prisma sends for the audit log). PGlite is not measured at this size: the embedded database is for a single small installation.`);
  out.push("");
  out.push("| list | statuses | p50 (ms) | p99 (ms) | target p50 ≤ 15, p99 ≤ 50 |");
  out.push("|---|---|---|---|---|");
  for (const r of scale) out.push(`| ${r.name} | ${r.status} | ${f1(r.p50)} | ${f1(r.p99)} | ${mark(r.p50 <= 15 && r.p99 <= 50)} |`);
  for (const r of scale.filter((x) => x.plan)) {
    out.push("");
    out.push(`Plan of ${r.name}:`);
    out.push("");
    out.push("```");
    out.push(r.plan!);
    out.push("```");
  }
  out.push("");
  out.push("### 5. Console weight");
  out.push("");
  out.push("First-load JS of each console page, from the build output (`.next`): the scripts the page's HTML loads, gzipped (level 9).");
  out.push("");
  out.push("| page | first-load JS (kB gzipped) | target |");
  out.push("|---|---|---|");
  for (const p of pages) out.push(`| \`${p.page}\` | ${f1(p.gzipKb)} | ${p.page === NEW_PAGE ? `≤ 200 kB: ${mark(p.gzipKb <= 200)}` : ""} |`);
  if (!newPage) out.push(`| \`${NEW_PAGE}\` | not found in the build | ≤ 200 kB |`);
  return out.join("\n");
}

const TEST_ROUNDS = 5;
const TEST_BATCH = 40;
const pct = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

type Upstream = Awaited<ReturnType<typeof startFakeUpstream>>;
type Timing = { p50: number; p99: number };
type Overhead = { ok: boolean; direct: Timing; floor: Timing; test: Timing };

/** Scenario 3: the endpoint test route against a direct request to the same fake upstream (and the baseline route). */
async function endpointTestOverhead(upstream: Upstream, auth: Record<string, string>): Promise<Overhead> {
  const created = await fetch(`${BASE}/api/v2/endpoints`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify({ name: "Bench upstream", url: upstream.url("/chat_completions_v1/ok"), wire_format: "chat_completions_v1", model: "m-1", tags: ["bench"] }),
  });
  if (created.status !== 201) throw new Error(`creating the tested endpoint answered ${created.status}: ${await created.text()}`);
  const { id } = (await created.json()) as { id: string };
  let ok = true;
  const viaTest = async () => {
    const res = await fetch(`${BASE}/api/v2/endpoints/${id}/test`, { method: "POST", headers: auth });
    const body = (await res.json()) as { verdict?: string };
    if (res.status !== 200 || body.verdict !== "pass") ok = false;
  };
  await viaTest();
  const sent = upstream.received.at(-1);
  if (!sent) throw new Error("the endpoint test did not reach the fake upstream");
  const direct = async () => {
    const res = await fetch(upstream.url(sent.path), { method: "POST", headers: { "content-type": "application/json" }, body: sent.body });
    await res.arrayBuffer();
  };
  const floor = async () => {
    const res = await fetch(`${BASE}/api/v2/bench/baseline?bytes=300`);
    await res.arrayBuffer();
  };
  const time = async (fn: () => Promise<void>, into: number[]) => {
    for (let i = 0; i < TEST_BATCH; i++) {
      const t0 = performance.now();
      await fn();
      into.push(performance.now() - t0);
    }
  };
  for (const fn of [direct, floor, viaTest]) await time(fn, []);
  const d: number[] = [];
  const f: number[] = [];
  const t: number[] = [];
  for (let round = 0; round < TEST_ROUNDS; round++) {
    await time(direct, d);
    await time(floor, f);
    await time(viaTest, t);
  }
  const timing = (xs: number[]) => ({ p50: pct(xs, 0.5), p99: pct(xs, 0.99) });
  return { ok, direct: timing(d), floor: timing(f), test: timing(t) };
}

const START = "<!-- bench:results -->";
const END = "<!-- /bench:results -->";

/** Replaces the text between the markers in docs/performance.md. */
function writeResults(table: string): void {
  const file = path.join(ROOT, "docs", "performance.md");
  const doc = readFileSync(file, "utf8");
  const from = doc.indexOf(START);
  const to = doc.indexOf(END);
  if (from < 0 || to < from) {
    console.error(`bench: docs/performance.md has no ${START} … ${END} section; not written`);
    return;
  }
  writeFileSync(file, `${doc.slice(0, from + START.length)}\n${table}\n${doc.slice(to)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
