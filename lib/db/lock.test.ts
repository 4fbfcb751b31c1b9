import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { acquireLock, DatabaseLockedError } from "./lock";

const lockIn = () => path.join(mkdtempSync(path.join(tmpdir(), "pnx-lock-")), "pglite.lock");

describe("PGlite lock file", () => {
  it("refuses while another live process holds the lock, naming it", async () => {
    const file = lockIn();
    const holder = spawn("sleep", ["30"]);
    try {
      writeFileSync(file, String(holder.pid));
      let err: unknown;
      try {
        acquireLock(file);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(DatabaseLockedError);
      expect((err as Error).message).toContain(`pid ${holder.pid}`);
      expect(readFileSync(file, "utf8")).toBe(String(holder.pid));
    } finally {
      holder.kill();
    }
  });

  it("replaces a stale lock whose process is gone, and releases its own", async () => {
    const file = lockIn();
    const gone = spawn("true");
    await new Promise((r) => gone.on("exit", r));
    writeFileSync(file, String(gone.pid));
    const release = acquireLock(file);
    expect(readFileSync(file, "utf8")).toBe(String(process.pid));
    release();
    expect(existsSync(file)).toBe(false);
  });
});
