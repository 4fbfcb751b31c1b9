import "server-only";
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import { config } from "@/lib/config";

/** The data directory (PENAXTRA_DATA_DIR, default ./.data), created on demand with mode 0700. */
export function dataDir(): string {
  const dir = config().dataDir;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/**
 * Reads a generated file from the data directory, creating it with `make()`
 * and mode 0600 on first use. `wx` makes creation atomic: when two processes
 * race, one writes and both read the same value.
 */
export function readOrCreateDataFile(name: string, make: () => string): string {
  const file = path.join(dataDir(), name);
  if (!existsSync(file)) {
    try {
      writeFileSync(file, make(), { mode: 0o600, flag: "wx" });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
  }
  return readFileSync(file, "utf8").trim();
}
