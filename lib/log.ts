import "server-only";
import pino from "pino";

// Structured logs. Anything that could carry a credential is redacted by path;
// query strings are never logged (paths are logged without them).
export const log = pino({
  level: process.env.PENAXTRA_LOG_LEVEL || "info",
  base: { service: "penaxtra" },
  redact: {
    paths: [
      "authorization",
      "cookie",
      "*.authorization",
      "*.cookie",
      "headers.authorization",
      "headers.cookie",
      "headers[\"set-cookie\"]",
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
    ],
    censor: "[redacted]",
  },
});
