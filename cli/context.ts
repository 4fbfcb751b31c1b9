import { configuredTarget, openDatabase, setDatabase, closeDatabase } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { flushAudit } from "@/lib/audit/writer";

/**
 * Opens the configured database for one command. With the embedded database
 * the lock file makes this refuse clearly while the server holds it.
 */
export async function withDatabase<T>(run: () => Promise<T>): Promise<T> {
  const handle = openDatabase(configuredTarget());
  setDatabase(handle);
  try {
    await migrate(handle.driver);
    const result = await run();
    await flushAudit();
    return result;
  } finally {
    await closeDatabase();
  }
}

/** Reads all of stdin (for passwords and secret values: never argv). */
export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    process.stderr.write("Reading from standard input; end with Ctrl-D.\n");
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}
