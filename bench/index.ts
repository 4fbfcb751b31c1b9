// `npm run bench`: the production server (scripts/start.mjs) on a fresh
// PostgreSQL database, loaded by autocannon in a separate process. Every figure
// is a ratio or a difference against a baseline measured in the same run,
// alternating baseline and target, because these machines are noisy.
// Prints a table and rewrites the results section of docs/performance.md.
//   BENCH_PG_ADMIN_URL  an admin URL (default: TEST_DATABASE_URL's server, else postgres@127.0.0.1)
//   BENCH_ROUNDS        alternations (default 3)   BENCH_SECONDS  seconds per run (default 5)
// About 90 s on two cores, most of it inserting the scale scenario's rows.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync, mkdtempSync, existsSync } from "node:fs";
import { tmpdir, cpus, totalmem } from "node:os";
import path from "node:path";
import pg from "pg";
import { performance } from "node:perf_hooks";
import { startFakeUpstream } from "../test/fake-upstream";
import { firstLoadJs } from "./first-load";
import { scaleScenario } from "./scale";

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

function node(args: string[], env: Record<string, string> = {}, input = "") {
  return spawnSync(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, input, encoding: "utf8", timeout: 180_000, maxBuffer: 64 << 20 });
}

function cli(args: string[], databaseUrl: string, input = ""): Record<string, string> {
  const res = node(["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "cli/index.ts", ...args, "--json"], { DATABASE_URL: databaseUrl }, input);
  if (res.status !== 0) throw new Error(`cli ${args[0]} failed (${res.status}): ${res.stdout} ${res.stderr}`);
  return JSON.parse(res.stdout.trim().split("\n").pop() ?? "{}");
}

type Cannon = { rps: number; p50: number; p99: number; statuses: Record<string, number>; errors: number; answered: number };

/** One autocannon run in its own process: for `seconds`, or for `amount` requests when given. */
function cannon(url: string, headers: Record<string, string>, opts: { seconds?: number; amount?: number }): Cannon {
  const args = ["node_modules/autocannon/autocannon.js", "--json", "-c", String(CONNECTIONS)];
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

async function main() {
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) throw new Error("no production build: run `npm run build` first");
  const dbName = `penaxtra_bench_${Date.now()}`;
  const dbUrl = ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`);
  const created = node(["scripts/test-db.mjs", "create", ADMIN_URL, dbName]);
  if (created.status !== 0) throw new Error(`creating ${dbName} failed: ${created.stderr}`);
  let server: ChildProcess | undefined;
  let closeUpstream: (() => Promise<void>) | undefined;
  const pool = new pg.Pool({ connectionString: dbUrl, max: 2 });
  try {
    console.error(`bench: database ${dbName}, preparing with the CLI…`);
    const sealKey = cli(["keys:generate"], dbUrl).entry;
    cli(["admin:create", "--email", "bench@penaxtra.test"], dbUrl, "bench-password-12345\n");
    const instance = cli(["instance:create", "--name", "Bench"], dbUrl);
    const minted = cli(["token:create", "--instance", instance.id, "--email", "bench@penaxtra.test", "--name", "bench", "--scopes", "endpoints:read,endpoints:write,audit:read"], dbUrl);
    const auth = { authorization: `Bearer ${minted.token}` };

    const upstream = await startFakeUpstream();
    closeUpstream = upstream.close;
    server = spawn(process.execPath, ["scripts/start.mjs"], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(PORT),
        DATABASE_URL: dbUrl,
        PENAXTRA_SEAL_KEY: sealKey,
        PENAXTRA_DATA_DIR: mkdtempSync(path.join(tmpdir(), "penaxtra-bench-")),
        NEXTAUTH_URL: BASE,
        PENAXTRA_BENCH: "1",
        PENAXTRA_EGRESS_ALLOW: "127.0.0.1/32",
        PENAXTRA_LOG_LEVEL: "warn",
        // The benchmark measures the request path, not the limiter's refusals.
        PENAXTRA_RATE_LIMIT_PER_MINUTE: "100000000",
        PENAXTRA_RATE_LIMIT_MAX_PER_MINUTE: "100000000",
      },
      stdio: "ignore",
    });
    await waitHealthy();

    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${BASE}/api/v2/endpoints`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ name: `Bench ${i}`, url: `https://llm${i}.example/v1/chat/completions`, wire_format: "chat_completions_v1", model: "m-1", tags: ["bench", `t${i % 4}`], description: "benchmark endpoint" }),
      });
      if (res.status !== 201) throw new Error(`creating an endpoint answered ${res.status}: ${await res.text()}`);
    }
    const overhead = await endpointTestOverhead(upstream, auth);
    const listUrl = `${BASE}/api/v2/endpoints?limit=20`;
    const listBody = await (await fetch(listUrl, { headers: auth })).text();
    const bytes = Buffer.byteLength(listBody);
    const baseUrl = `${BASE}/api/v2/bench/baseline?bytes=${bytes}`;
    const baseBytes = Buffer.byteLength(await (await fetch(baseUrl)).text());

    // Warm-up (JIT, pools), which also calibrates the request counts of the measured runs.
    console.error(`bench: warming up (${bytes} B answers)…`);
    const warmBase = cannon(baseUrl, {}, { seconds: 3 });
    const warmList = cannon(listUrl, auth, { seconds: 3 });
    await sleep(2000); // stragglers answered, the audit queue flushed
    const audited = async () => Number((await pool.query("SELECT coalesce(sum(count), 0) AS n FROM audit_events WHERE token_short_id IS NOT NULL")).rows[0].n);
    const auditBefore = await audited();

    // Fixed request counts (≈ SECONDS each), so every request sent is answered before the count.
    const baseAmount = Math.max(1000, Math.round(warmBase.rps * SECONDS));
    const listAmount = Math.max(500, Math.round(warmList.rps * SECONDS));
    const base: Cannon[] = [];
    const list: Cannon[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      console.error(`bench: round ${round + 1}/${ROUNDS}`);
      base.push(cannon(baseUrl, {}, { amount: baseAmount }));
      list.push(cannon(listUrl, auth, { amount: listAmount }));
    }
    const rssMb = peakRssMb(server.pid!);
    await sleep(2000);
    const auditAfter = await audited();

    console.error("bench: scale (inserting 1.2 M endpoints and 2 M audit rows in batches)…");
    const shortId = (await pool.query("SELECT token_short_id FROM audit_events WHERE token_short_id IS NOT NULL LIMIT 1")).rows[0].token_short_id as string;
    const scaleStarted = performance.now();
    const scale = await scaleScenario(pool, BASE, auth, instance.id, shortId);
    const scaleSeconds = (performance.now() - scaleStarted) / 1000;

    const statuses: Record<string, number> = {};
    for (const r of list) for (const [c, n] of Object.entries(r.statuses)) statuses[c] = (statuses[c] ?? 0) + n;
    const answered = list.reduce((a, r) => a + r.answered, 0);
    const transportErrors = list.reduce((a, r) => a + r.errors, 0);
    const onlyOkOr429 = Object.keys(statuses).every((c) => c === "200" || c === "429");
    const auditRows = auditAfter - auditBefore;

    const ratio = median(list.map((r, i) => r.rps / base[i].rps));
    const p99Ratio = median(list.map((r, i) => r.p99 / base[i].p99));
    const bP50 = median(base.map((r) => r.p50));
    const bP99 = median(base.map((r) => r.p99));
    const lP50 = median(list.map((r) => r.p50));
    const lP99 = median(list.map((r) => r.p99));
    const pages = firstLoadJs(ROOT);
    const newPage = pages.find((p) => p.page === NEW_PAGE);

    const commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).stdout.trim();
    const dirty = spawnSync("git", ["status", "--porcelain", "--", "app", "lib", "bench", "components", "prisma"], { cwd: ROOT, encoding: "utf8" }).stdout.trim() !== "";
    const pgVersion = (await pool.query("SHOW server_version")).rows[0].server_version;
    const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}, PostgreSQL ${pgVersion} on loopback`;
    const mark = (ok: boolean) => (ok ? "met" : "**missed**");

    const out: string[] = [];
    out.push(`Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC at commit \`${commit}\`${dirty ? " (with uncommitted changes)" : ""} on ${machine}.`);
    out.push("");
    out.push(`### 1–2. Authenticated read against the baseline (PostgreSQL)`);
    out.push("");
    out.push(`${ROUNDS} alternating rounds, ${CONNECTIONS} connections, ${listAmount} list requests and ${baseAmount} baseline requests a round (counts calibrated from a 3 s warm-up of each to last about ${SECONDS} s, at least 500 and 1,000). Answers: list ${bytes} B, baseline ${baseBytes} B. Medians over the rounds.`);
    out.push("");
    out.push("| measure | baseline | `GET /api/v2/endpoints?limit=20` | figure | target | |");
    out.push("|---|---|---|---|---|---|");
    out.push(`| throughput (req/s, median) | ${Math.round(median(base.map((r) => r.rps)))} | ${Math.round(median(list.map((r) => r.rps)))} | ${f2(ratio)}× baseline | ≥ 0.6× | ${mark(ratio >= 0.6)} |`);
    out.push(`| p50 latency (ms) | ${f1(bP50)} | ${f1(lP50)} | +${f1(lP50 - bP50)} ms | | |`);
    out.push(`| p99 latency (ms) | ${f1(bP99)} | ${f1(lP99)} | ${f2(p99Ratio)}× baseline | ≤ 4× | ${mark(p99Ratio <= 4)} |`);
    out.push(`| server peak RSS (MB) | | | ${Math.round(rssMb)} | | |`);
    out.push("");
    out.push("Per round (req/s, baseline → list): " + base.map((b, i) => `${Math.round(b.rps)} → ${Math.round(list[i].rps)} (${f2(list[i].rps / b.rps)}×)`).join("; ") + ".");
    out.push("");
    out.push(`Correctness under load: ${answered} list requests answered, statuses ${JSON.stringify(statuses)}, ${transportErrors} transport errors (${mark(onlyOkOr429 && transportErrors === 0)}: only 200 or 429); audit rows (with aggregated counts) written for them: ${auditRows} (${mark(auditRows === answered)}: equal to the answered requests).`);
    out.push("");
    out.push("### 3. Endpoint test overhead");
    out.push("");
    out.push(`\`POST /api/v2/endpoints/{id}/test\` against a loopback fake upstream (\`test/fake-upstream.ts\`, chat_completions_v1) minus a direct POST of the same payload to the same upstream, one request at a time from the benchmark process (timed with \`performance.now\`, not autocannon: the figures are a few milliseconds), ${TEST_ROUNDS} alternating rounds of ${TEST_BATCH} after ${TEST_BATCH} warm-up each, every test answered 200 with verdict \`pass\`: ${overhead.ok ? "yes" : "**no**"}.`);
    out.push("");
    out.push("| measure | direct (ms) | through the test route (ms) | added (ms) | target | |");
    out.push("|---|---|---|---|---|---|");
    out.push(`| median | ${f1(overhead.direct.p50)} | ${f1(overhead.test.p50)} | ${f1(overhead.test.p50 - overhead.direct.p50)} | ≤ 5 ms | ${mark(overhead.test.p50 - overhead.direct.p50 <= 5)} |`);
    out.push(`| p99 | ${f1(overhead.direct.p99)} | ${f1(overhead.test.p99)} | ${f1(overhead.test.p99 - overhead.direct.p99)} | | |`);
    out.push("");
    out.push("### 4. Scale (PostgreSQL)");
    out.push("");
    out.push(`100,000 endpoints and 1,000,000 audit rows in the benchmark's instance plus 10 other instances of 10,000 and 100,000, inserted in batches of 100,000 by SQL, then 60 requests of each list one at a time after 10 warm-up (${Math.round(scaleSeconds)} s in all). Query plans follow for any list over a target (hand-written SQL of the shape Prisma sends, \`EXPLAIN (ANALYZE, BUFFERS)\`).`);
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
    const table = out.join("\n");
    console.log(table);
    writeResults(table);
    const failed = scale.some((r) => r.status !== "200") || !overhead.ok || !onlyOkOr429 || transportErrors > 0 || auditRows !== answered;
    if (failed) process.exitCode = 1;
  } finally {
    await pool.end();
    await closeUpstream?.();
    if (server) {
      server.kill("SIGTERM");
      await new Promise((r) => server!.once("exit", r)).catch(() => undefined);
    }
    node(["scripts/test-db.mjs", "drop", ADMIN_URL, dbName]);
  }
}

const TEST_ROUNDS = 5;
const TEST_BATCH = 40;
const pct = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

/** Scenario 3: the endpoint test route against a direct request to the same fake upstream. */
async function endpointTestOverhead(upstream: Awaited<ReturnType<typeof startFakeUpstream>>, auth: Record<string, string>) {
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
  const time = async (fn: () => Promise<void>, into: number[]) => {
    for (let i = 0; i < TEST_BATCH; i++) {
      const t0 = performance.now();
      await fn();
      into.push(performance.now() - t0);
    }
  };
  await time(direct, []);
  await time(viaTest, []);
  const d: number[] = [];
  const t: number[] = [];
  for (let round = 0; round < TEST_ROUNDS; round++) {
    await time(direct, d);
    await time(viaTest, t);
  }
  return { ok, direct: { p50: pct(d, 0.5), p99: pct(d, 0.99) }, test: { p50: pct(t, 0.5), p99: pct(t, 0.99) } };
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
