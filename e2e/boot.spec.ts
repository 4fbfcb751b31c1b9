import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test, expect } from "@playwright/test";

/** Starts the built server with the given environment and waits for it to exit. */
function startExpectingExit(env: Record<string, string>, port: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ["scripts/start.mjs"], {
      env: { ...process.env, PORT: String(port), PENAXTRA_DATA_DIR: mkdtempSync(path.join(tmpdir(), "pnx-boot-")), ...env },
    });
    let output = "";
    proc.stdout.on("data", (d) => (output += d));
    proc.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => {
      proc.kill("SIGKILL");
      reject(new Error(`server kept running: ${output}`));
    }, 45_000);
    proc.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

test("a placeholder NEXTAUTH_SECRET stops the server at boot", async () => {
  const { code, output } = await startExpectingExit({ NEXTAUTH_SECRET: "changeme" }, 3231);
  expect(code).toBe(1);
  expect(output).toContain("NEXTAUTH_SECRET is a placeholder");
});

test("a malformed PENAXTRA_SEAL_KEY stops the server at boot without echoing it", async () => {
  const { code, output } = await startExpectingExit({ PENAXTRA_SEAL_KEY: "deadbeef:not-a-real-key-material" }, 3232);
  expect(code).toBe(1);
  expect(output).toContain("PENAXTRA_SEAL_KEY");
  expect(output).not.toContain("not-a-real-key-material");
});
