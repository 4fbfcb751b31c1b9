import { spawnSync } from "node:child_process";
import { test, expect } from "@playwright/test";

// The server holds the embedded database: the CLI must refuse, not open it too.
test("the CLI refuses to open the embedded database while the server runs", async ({ request }) => {
  const res = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "cli/index.ts", "instance:create", "--name", "Twice", "--json"], {
    env: { ...process.env, PENAXTRA_DATA_DIR: process.env.E2E_DATA_DIR, DATABASE_URL: "" },
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(res.status).toBe(1);
  const out = JSON.parse(res.stdout.trim().split("\n").pop()!);
  expect(out.error).toBe("database_locked");
  expect(out.detail).toContain("in use by another process");
  expect((await request.get("/api/health")).status()).toBe(200);
});
