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

export const log = createLogger(pino.destination(process.env.PENAXTRA_LOG_STREAM === "stderr" ? 2 : 1));
