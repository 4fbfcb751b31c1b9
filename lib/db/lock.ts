import "server-only";
import { openSync, writeSync, closeSync, readFileSync, unlinkSync } from "node:fs";

// PGlite takes no lock of its own: two processes opening one data directory
// corrupt it silently. Every process that opens the embedded database first
// takes this lock file (it lives beside the database directory, not in it).

export class DatabaseLockedError extends Error {
  constructor(
    readonly lockFile: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database is in use by another process (pid ${pid}, lock ${lockFile}). ` +
        `Stop that process first (for example the console server), or run with DATABASE_URL ` +
        `pointing at PostgreSQL so that several processes can share the database.`,
    );
    this.name = "DatabaseLockedError";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function acquireLock(lockFile: string): () => void {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockFile, "wx", 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      const release = () => {
        try {
          if (readFileSync(lockFile, "utf8").trim() === String(process.pid)) unlinkSync(lockFile);
        } catch {
          // already gone
        }
      };
      process.once("exit", release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const holder = Number.parseInt(readFileSync(lockFile, "utf8").trim(), 10);
      if (holder === process.pid) throw new Error("The embedded database is already open in this process");
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) throw new DatabaseLockedError(lockFile, holder);
      unlinkSync(lockFile); // stale: its process is gone
    }
  }
  throw new Error(`Could not take the database lock ${lockFile}`);
}
