// `npm test`: a preflight that says in its first lines what will run and why,
// then lint → typecheck → test:unit → build → e2e (each also `npm run <step>`;
// `npm test -- build e2e` runs only the steps named, after the same preflight).
//
// Preflight (seconds, before anything slow):
//   browser     CHROMIUM_PATH, chromium, chromium-browser, Google Chrome
//               (scripts/find-browser.cjs). None: as root with apt-get, installs
//               Debian's chromium; otherwise stops at once with the command to run.
//   postgresql  TEST_DATABASE_URL when set (must answer). Unset: a throwaway
//               database on the local server (PG_ADMIN_URL, default
//               postgresql://postgres@127.0.0.1:5432/postgres), dropped at the
//               end even on failure or Ctrl-C; no server: the leg is skipped.
//   redis       TEST_REDIS_URL (must answer) or redis://127.0.0.1:6379, probed
//               with a real PING; runs (PENAXTRA_TEST_REDIS=1) or is skipped.
// With CI=true a leg that cannot run is a failure, never a skip.
// PENAXTRA_TEST_NO_INSTALL=1 never installs a browser (says what to run instead).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import { findBrowser, which } from "./find-browser.cjs";

const ROOT = path.resolve(import.meta.dirname, "..");
process.chdir(ROOT);

const ALL_STEPS = ["lint", "typecheck", "test:unit", "build", "e2e"];
// `npm test -- build e2e` runs only those steps (in this order), with the same preflight.
const asked = process.argv.slice(2);
const unknown = asked.filter((a) => !ALL_STEPS.includes(a));
if (unknown.length > 0) {
  console.error(`npm test: unknown step ${unknown.join(", ")}; the steps are ${ALL_STEPS.join(", ")} (npm test -- <step>… runs only those)`);
  process.exit(2);
}
const STEPS = asked.length > 0 ? ALL_STEPS.filter((s) => asked.includes(s)) : ALL_STEPS;
const CI = /^(1|true|yes)$/i.test(process.env.CI ?? "");
const DEFAULT_PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres";
const DEFAULT_REDIS = "redis://127.0.0.1:6379";
const started = Date.now();
const W = 12;

const line = (label, text) => console.log(`  ${label.padEnd(W)}${text}`);
const stop = (message) => {
  console.error(`npm test: ${message}`);
  process.exit(1);
};
const seconds = (ms) => (ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`);

/** A URL for display: no password, no trailing database for the admin URL. */
function shown(url, { dropPath = false } = {}) {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    if (dropPath) u.pathname = "";
    return u.toString().replace(/\/$/, "");
  } catch {
    return "(invalid URL)";
  }
}

// ---------------------------------------------------------------- browser

function browserCheck() {
  const found = findBrowser();
  if (found?.path) return { found };
  if (found?.error) return { stop: `${found.error}. Fix it, or unset it to use Debian's chromium (apt-get install -y chromium).` };
  const looked = "CHROMIUM_PATH unset; no chromium, chromium-browser or google-chrome";
  const hasApt = which("apt-get").length > 0;
  const root = process.getuid?.() === 0;
  if (hasApt && root && process.env.PENAXTRA_TEST_NO_INSTALL !== "1") return { install: true, looked };
  const action = hasApt
    ? `Run: ${root ? "" : "sudo "}apt-get install -y chromium, then npm test again.`
    : "Install Chromium or Google Chrome, set CHROMIUM_PATH=/path/to/it, then npm test again.";
  return { stop: `no browser for the e2e suite (${looked}). ${action}` };
}

function installChromium() {
  const log = path.join(mkdtempSync(path.join(os.tmpdir(), "penaxtra-apt-")), "apt.log");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [["update", "-qq"], ["install", "-y", "-qq", "--no-install-recommends", "chromium"]]) {
    const res = spawnSync("apt-get", args, { env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    writeFileSync(log, `$ apt-get ${args.join(" ")}\n${res.stdout ?? ""}${res.stderr ?? ""}`, { flag: "a" });
    if (res.status !== 0) {
      console.error(readFileSync(log, "utf8").split("\n").slice(-15).join("\n"));
      stop(`apt-get ${args.join(" ")} failed (log: ${log}). Install a browser (apt-get install -y chromium) or set CHROMIUM_PATH, then npm test again.`);
    }
  }
  rmSync(path.dirname(log), { recursive: true, force: true });
}

// ---------------------------------------------------------------- postgresql

async function pgClient(url) {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on("error", () => {});
  await client.connect();
  return client;
}

async function probePostgres(url) {
  try {
    const client = await pgClient(url);
    await client.query("SELECT 1").finally(() => client.end().catch(() => {}));
    return { ok: true };
  } catch (e) {
    return { ok: false, reason: /^E[A-Z]+$/.test(e.code ?? "") ? e.code : e.message || String(e) };
  }
}

async function postgresLeg() {
  if (process.env.TEST_DATABASE_URL) {
    const url = process.env.TEST_DATABASE_URL;
    const probe = await probePostgres(url);
    if (!probe.ok) return { fail: `TEST_DATABASE_URL=${shown(url)} does not answer (${probe.reason}): fix it, or unset it to use a throwaway database on the local server` };
    return { url, text: `runs: TEST_DATABASE_URL=${shown(url)}` };
  }
  const admin = process.env.PG_ADMIN_URL || DEFAULT_PG_ADMIN;
  const probe = await probePostgres(admin);
  if (!probe.ok) {
    const why = `no PostgreSQL at ${shown(admin, { dropPath: true })} (${probe.reason})`;
    if (CI) return { fail: `${why}; CI needs the PostgreSQL leg: set TEST_DATABASE_URL or PG_ADMIN_URL` };
    return { skip: `skipped: ${why}; set TEST_DATABASE_URL` };
  }
  const name = `penaxtra_test_${Date.now().toString(36)}_${process.pid}`;
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return { admin, name, url: u.toString(), text: `runs: throwaway database ${name} on ${shown(admin, { dropPath: true })} (TEST_DATABASE_URL unset; dropped at the end)` };
}

let provisioned = null; // { admin, name } while the throwaway database exists

async function createDatabase(admin, name) {
  const client = await pgClient(admin);
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end().catch(() => {});
  }
  provisioned = { admin, name };
}

async function dropDatabase() {
  if (!provisioned) return;
  const { admin, name } = provisioned;
  try {
    const client = await pgClient(admin);
    try {
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } finally {
      await client.end().catch(() => {});
    }
    provisioned = null;
    console.log(`npm test: dropped throwaway database ${name}`);
  } catch (e) {
    console.error(`npm test: could not drop throwaway database ${name} (${e.message}): DROP DATABASE "${name}" WITH (FORCE)`);
  }
}

// Last resort for an exit that skipped the normal cleanup (uncaught error, process.exit).
process.on("exit", () => {
  killStep("SIGTERM");
  if (!provisioned) return;
  const { admin, name } = provisioned;
  spawnSync(process.execPath, ["scripts/test-db.mjs", "drop", admin, name], { stdio: "inherit", timeout: 15_000 });
});

// ---------------------------------------------------------------- redis

function resp(args) {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("")}`;
}

/** Connects, AUTHs when the URL has a password, sends PING and waits for +PONG. */
function pingRedis(urlString, timeoutMs = 1500) {
  return new Promise((resolve) => {
    let url;
    try {
      url = new URL(urlString);
      if (!/^rediss?:$/.test(url.protocol)) throw new Error("not a redis:// URL");
    } catch (e) {
      resolve({ ok: false, reason: e.message });
      return;
    }
    const host = url.hostname.replace(/^\[|\]$/g, "") || "127.0.0.1";
    const port = Number(url.port || 6379);
    const secure = url.protocol === "rediss:";
    const socket = secure ? tls.connect({ host, port, servername: host }) : net.connect({ host, port });
    let buffer = "";
    const done = (result) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done({ ok: false, reason: `no answer within ${timeoutMs} ms` }), timeoutMs);
    socket.on(secure ? "secureConnect" : "connect", () => {
      const commands = [];
      const password = decodeURIComponent(url.password);
      if (password) commands.push(url.username ? ["AUTH", decodeURIComponent(url.username), password] : ["AUTH", password]);
      commands.push(["PING"]);
      socket.write(commands.map(resp).join(""));
    });
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      for (const reply of buffer.split("\r\n")) {
        if (reply.startsWith("-")) return done({ ok: false, reason: reply.slice(1) });
        if (reply === "+PONG") return done({ ok: true });
      }
    });
    socket.on("error", (e) => done({ ok: false, reason: e.code || e.message }));
  });
}

async function redisLeg() {
  const explicit = Boolean(process.env.TEST_REDIS_URL);
  const url = process.env.TEST_REDIS_URL || DEFAULT_REDIS;
  const probe = await pingRedis(url);
  if (probe.ok) return { url, text: `runs: ${shown(url)} answered PING${explicit ? " (TEST_REDIS_URL)" : ""}` };
  const why = `no Redis at ${shown(url)} (${probe.reason})`;
  if (explicit) return { fail: `TEST_REDIS_URL: ${why}: fix it, or unset it` };
  if (CI) return { fail: `${why}; CI needs the Redis leg: set TEST_REDIS_URL` };
  return { skip: `skipped: ${why}; set TEST_REDIS_URL` };
}

// ---------------------------------------------------------------- steps

let child = null;
let interrupted = null;

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    const second = Boolean(interrupted);
    interrupted ??= signal;
    if (!second) console.error(`\nnpm test: ${signal}: stopping${provisioned ? " (the throwaway database is dropped first)" : ""}…`);
    killStep(second ? "SIGKILL" : signal);
  });
}

// Each step runs in its own process group, so that a signal (a terminal's
// Ctrl-C or a kill of this process) stops the whole step (npm, next build,
// Playwright and its web server) before the throwaway database is dropped.
function killStep(signal) {
  if (!child?.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

function runStep(step, env) {
  return new Promise((resolve) => {
    child = spawn("npm", ["run", step], { stdio: "inherit", env, detached: true });
    child.on("close", (code, signal) => {
      child = null;
      resolve(code ?? (signal ? 128 + (os.constants.signals[signal] ?? 1) : 1));
    });
    child.on("error", (e) => {
      console.error(`npm test: could not start npm run ${step}: ${e.message}`);
      resolve(1);
    });
  });
}

// ---------------------------------------------------------------- main

if (!existsSync(path.join(ROOT, "node_modules", ".bin", "next"))) stop("dependencies are not installed. Run: npm install, then npm test again.");

const browser = browserCheck();
if (browser.stop) stop(browser.stop);

const [pgLeg, redis] = await Promise.all([postgresLeg(), redisLeg()]);

console.log(`npm test: preflight${CI ? " (CI=true: a leg that cannot run fails the run)" : ""}`);
if (browser.found) line("browser", `${browser.found.path} (${browser.found.version}; found via ${browser.found.source})`);
else line("browser", `none found (${browser.looked}): installing Debian's chromium after these checks (apt-get install -y chromium)`);
line("embedded", "runs: PGlite in memory (always)");
line("postgresql", pgLeg.text ?? pgLeg.skip ?? `FAILS: ${pgLeg.fail}`);
line("redis", redis.text ?? redis.skip ?? `FAILS: ${redis.fail}`);
line("steps", STEPS.join(" → "));

const failures = [pgLeg.fail && "postgresql", redis.fail && "redis"].filter(Boolean);
if (failures.length > 0) stop(`stopped before any step: the ${failures.join(" and ")} ${failures.length > 1 ? "legs" : "leg"} cannot run (see above).`);

let browserPath = browser.found?.path;
if (browser.install) {
  const t = Date.now();
  console.log(`npm test: installing Debian's chromium (apt-get update && apt-get install -y chromium)…`);
  installChromium();
  const found = findBrowser();
  if (!found?.path) stop("chromium was installed but does not run (`chromium --version` failed). Set CHROMIUM_PATH to a working browser.");
  browserPath = found.path;
  line("browser", `${found.path} (${found.version}; installed in ${seconds(Date.now() - t)})`);
}

const env = { ...process.env, CHROMIUM_PATH: browserPath, NEXT_TELEMETRY_DISABLED: "1" };
if (redis.url) Object.assign(env, { TEST_REDIS_URL: redis.url, PENAXTRA_TEST_REDIS: "1" });
else delete env.PENAXTRA_TEST_REDIS;
if (!pgLeg.url) delete env.TEST_DATABASE_URL;

const timings = [];
let failed = null;
try {
  if (pgLeg.name && !interrupted) await createDatabase(pgLeg.admin, pgLeg.name);
  if (pgLeg.url) env.TEST_DATABASE_URL = pgLeg.url;
  for (const step of STEPS) {
    if (interrupted) break;
    console.log(`\n── npm run ${step}`);
    const t = Date.now();
    const code = await runStep(step, env);
    timings.push(`${step} ${seconds(Date.now() - t)}`);
    if (code !== 0) {
      failed = { step, code };
      break;
    }
  }
} catch (e) {
  failed = { step: "setup", code: 1 };
  console.error(`npm test: ${e.message}`);
} finally {
  await dropDatabase();
}

const legs = `postgresql ${pgLeg.url ? "ran" : "skipped"}, redis ${redis.url ? "ran" : "skipped"}`;
console.log("");
if (interrupted) {
  console.error(`npm test: interrupted (${interrupted}) after ${seconds(Date.now() - started)} [${timings.join(", ")}]`);
  process.exit(130);
} else if (failed) {
  console.error(`npm test: FAILED at ${failed.step} after ${seconds(Date.now() - started)} [${timings.join(", ")}]; rerun from there with: npm test -- ${STEPS.slice(Math.max(0, STEPS.indexOf(failed.step))).join(" ")}`);
  process.exit(failed.code || 1);
} else {
  console.log(`npm test: passed in ${seconds(Date.now() - started)} [${timings.join(", ")}]; legs: embedded ran, ${legs}`);
}
