import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./log";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger(stream, "info"), lines };
}

describe("logging", () => {
  it("redacts credentials wherever they sit", () => {
    const { logger, lines } = capture();
    logger.info(
      {
        headers: { authorization: "Bearer pnx_leak1", cookie: "next-auth.session-token=leak2", "set-cookie": "leak3" },
        password: "leak4",
        token: "leak5",
        input: { secret: "leak6", value: "leak7", api_key: "leak8", password: "leak9" },
        requestId: "req_kept",
      },
      "request",
    );
    const out = lines.join("");
    for (let i = 1; i <= 9; i++) expect(out).not.toContain(`leak${i}`);
    expect(out).toContain("req_kept");
    expect(JSON.parse(out).headers.authorization).toBe("[redacted]");
  });
});
