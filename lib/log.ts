import "server-only";
import pino from "pino";

// Structured logs. Anything that could carry a credential is redacted by path;
// query strings are never logged (paths are logged without them). The server
// logs to stdout; the CLI to stderr (see cli/log-to-stderr.ts).
const REDACT = [
  "authorization",
  "cookie",
  "*.authorization",
  "*.cookie",
  "headers.authorization",
  "headers.cookie",
  'headers["set-cookie"]',
  "password",
  "*.password",
  "token",
  "*.token",
  "secret",
  "*.secret",
  "value",
  "*.value",
  "api_key",
  "*.api_key",
];

export function createLogger(destination: pino.DestinationStream, level = process.env.PENAXTRA_LOG_LEVEL || "info") {
  return pino({ level, base: { service: "penaxtra" }, redact: { paths: REDACT, censor: "[redacted]" } }, destination);
}

// The server writes asynchronously in 4 KiB batches, so a request never waits on stdout (issue #12);
// shutdown flushes (lib/boot.ts), and a SIGKILL loses at most the last 4 KiB of lines. The CLI
// (stderr) writes synchronously: it exits right after.
const toStderr = process.env.PENAXTRA_LOG_STREAM === "stderr";
export const log = createLogger(toStderr ? pino.destination(2) : pino.destination({ dest: 1, sync: false, minLength: 4096 }));

/** Writes buffered log lines out (at shutdown). */
export function flushLog(): Promise<void> {
  return new Promise((resolve) => log.flush(() => resolve()));
}
