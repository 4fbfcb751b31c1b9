import { defineConfig } from "@playwright/test";
import { findBrowser } from "./scripts/find-browser.cjs";

// e2e runs against a production build served by `npm start`'s server on a
// fresh embedded database (the product's default), in Debian's chromium.
const PORT = Number(process.env.E2E_PORT || 3100);
// npm test passes the browser it found (or installed) as CHROMIUM_PATH; run
// alone, Playwright looks for one the same way (chromium, chromium-browser, Chrome).
const BROWSER = process.env.CHROMIUM_PATH || findBrowser()?.path || "/usr/bin/chromium";
process.env.CHROMIUM_PATH = BROWSER;
const DATA_DIR = process.env.E2E_DATA_DIR || `.test-data/e2e-${Date.now()}`;
process.env.E2E_DATA_DIR = DATA_DIR;

const POSTGRES_LEG = [/cli-passwords\.spec\.ts/, /endpoint-test-api\.spec\.ts/, /graceful-stop\.spec\.ts/, /audit-under-load\.spec\.ts/, /rate-limit-cluster\.spec\.ts/, /token-cache-cluster\.spec\.ts/];

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: BROWSER,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  projects: [
    { name: "setup", testMatch: /first-run\.setup\.ts/ },
    // The specs that start servers on a PostgreSQL database of their own are the PostgreSQL leg:
    // npm test's preflight provides TEST_DATABASE_URL when a server answers (always in CI, where a
    // missing leg fails the run), and says so in its first lines when it does not.
    { name: "console", testMatch: /.*\.spec\.ts/, testIgnore: process.env.TEST_DATABASE_URL ? [] : POSTGRES_LEG, dependencies: ["setup"] },
    { name: "leak-scan", testMatch: /leak-scan\.teardown\.ts/, dependencies: ["console"] },
  ],
  webServer: {
    // The server's output goes to a file in the data directory: the leak scan reads it.
    command: `mkdir -p ${DATA_DIR} && exec node scripts/start.mjs >> ${DATA_DIR}/server.log 2>&1`,
    url: `http://127.0.0.1:${PORT}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "ignore",
    env: {
      PORT: String(PORT),
      PENAXTRA_DATA_DIR: DATA_DIR,
      NEXTAUTH_URL: `http://127.0.0.1:${PORT}`,
      PENAXTRA_LOG_LEVEL: "debug",
      PENAXTRA_EGRESS_ALLOW: "127.0.0.1/32",
    },
  },
});
