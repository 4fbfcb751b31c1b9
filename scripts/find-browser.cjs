// Finds a Chromium-family browser for Playwright (it cannot download its own
// here): CHROMIUM_PATH, then Debian's `chromium`, `chromium-browser`, Google
// Chrome. Used by scripts/test.mjs (npm test) and playwright.config.ts, so
// `npx playwright test` alone finds the same browser.
//
// CommonJS so that Playwright's config loader (which compiles what it loads)
// and the ES modules in scripts/ can both use it.
//
//   node scripts/find-browser.cjs     prints the path, or exits 1
"use strict";
const { spawnSync } = require("node:child_process");
const { accessSync, constants, statSync } = require("node:fs");
const path = require("node:path");

const NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"];
const FIXED = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/opt/google/chrome/chrome"];

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Every executable called `name` on PATH, in PATH order. */
function which(name, searchPath = process.env.PATH ?? "") {
  return searchPath
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, name))
    .filter(isExecutable);
}

/** The browser's version line, or null when it does not run (e.g. a snap stub without snapd). */
function versionOf(file) {
  const res = spawnSync(file, ["--version"], { encoding: "utf8", timeout: 15_000 });
  const line = res.status === 0 ? res.stdout.trim().split("\n")[0] : "";
  return /\d+\.\d+/.test(line) ? line : null;
}

/**
 * { path, version, source } for the first browser that runs, or
 * { error } when CHROMIUM_PATH is set to something that does not run, or
 * null when there is none.
 */
function findBrowser(env = process.env) {
  if (env.CHROMIUM_PATH) {
    const version = isExecutable(env.CHROMIUM_PATH) ? versionOf(env.CHROMIUM_PATH) : null;
    if (!version) return { error: `CHROMIUM_PATH=${env.CHROMIUM_PATH} is not a browser that runs (\`${env.CHROMIUM_PATH} --version\` failed)` };
    return { path: env.CHROMIUM_PATH, version, source: "CHROMIUM_PATH" };
  }
  const seen = new Set();
  const candidates = [...NAMES.flatMap((name) => which(name, env.PATH)), ...FIXED.filter(isExecutable)];
  for (const file of candidates) {
    if (seen.has(file)) continue;
    seen.add(file);
    const version = versionOf(file);
    if (version) return { path: file, version, source: path.basename(file) };
  }
  return null;
}

exports.which = which;
exports.findBrowser = findBrowser;

if (require.main === module) {
  const found = findBrowser();
  if (found?.path) console.log(found.path);
  else {
    console.error(found?.error ?? "no Chromium or Chrome found: apt-get install -y chromium, or set CHROMIUM_PATH");
    process.exitCode = 1;
  }
}
