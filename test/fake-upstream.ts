import http from "node:http";
import type { AddressInfo } from "node:net";

// A fake LLM upstream on loopback for the endpoint test: it speaks the five
// wire formats and fails in every way the test must tell apart. The path
// chooses the behaviour: /<format>/<mode>[/<field>]. The credential modes
// (bearer, x-api-key, query-key, no-key) accept FAKE_KEY in exactly one place
// and nowhere else: not in another header, parameter, the path or the body.

export const FAKE_KEY = "fake-upstream-key-0123456789";

export type Received = { method: string; path: string; headers: http.IncomingHttpHeaders; body: string };

/** An embedding of the requested size (`dimensions` in the request), 8 numbers without it. */
function embedding(request: Record<string, unknown>): number[] {
  const size = typeof request.dimensions === "number" && request.dimensions > 0 && request.dimensions <= 4096 ? request.dimensions : 8;
  return Array.from({ length: size }, (_, i) => Math.round(Math.sin(i + 1) * 1000) / 1000);
}

const ANSWERS: Record<string, (request: Record<string, unknown>) => Record<string, unknown>> = {
  chat_completions_v1: () => ({ id: "chatcmpl-1", object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content: "pong" }, finish_reason: "stop" }] }),
  text_completions_v1: () => ({ id: "cmpl-1", object: "text_completion", choices: [{ index: 0, text: "pong", finish_reason: "stop" }] }),
  messages_v1: () => ({ id: "msg_1", type: "message", role: "assistant", model: "m", content: [{ type: "text", text: "pong" }], stop_reason: "end_turn" }),
  custom_template: () => ({ output: { text: "pong" } }),
  embeddings_v1: (request) => ({
    object: "list",
    data: [{ object: "embedding", index: 0, embedding: embedding(request) }],
    model: String(request.model ?? "m"),
    usage: { prompt_tokens: 5, total_tokens: 5 },
  }),
};

/** Whether FAKE_KEY appears only at the one place named (a header, or a query parameter), or nowhere when none is. */
function keyOnlyAt(req: http.IncomingMessage, url: URL, body: string, place: { header?: string; query?: string }): boolean {
  for (const [name, value] of Object.entries(req.headers)) if (name !== place.header && String(value).includes(FAKE_KEY)) return false;
  for (const [name, value] of url.searchParams) if (name !== place.query && value.includes(FAKE_KEY)) return false;
  return !url.pathname.includes(FAKE_KEY) && !body.includes(FAKE_KEY);
}

/** Breaks one field of a valid answer, by a JSONPath-like dotted name ("choices.0.message.content"). */
function breakField(doc: Record<string, unknown>, dotted: string): Record<string, unknown> {
  const parts = dotted.split(".");
  let parent: Record<string, unknown> | unknown[] = doc;
  for (const p of parts.slice(0, -1)) parent = (parent as Record<string, unknown>)[p] as Record<string, unknown>;
  delete (parent as Record<string, unknown>)[parts[parts.length - 1]];
  return doc;
}

export async function startFakeUpstream(host = "127.0.0.1") {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake");
      const text = Buffer.concat(chunks).toString("utf8");
      received.push({ method: req.method ?? "", path: url.pathname + url.search, headers: req.headers, body: text });
      let request: Record<string, unknown> = {};
      try {
        request = JSON.parse(text) as Record<string, unknown>;
      } catch {
        // not JSON: answered as if nothing was asked
      }
      const answer = ANSWERS[url.pathname.split("/")[1]]?.bind(null, request);
      const [, mode = "ok", field] = url.pathname.slice(1).split("/");
      const only = (place: { header?: string; query?: string }) => keyOnlyAt(req, url, text, place);
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(typeof body === "string" ? body : JSON.stringify(body));
      };
      if (!answer) return send(404, { error: "unknown format" });
      switch (mode) {
        case "ok":
          return send(200, answer());
        case "bearer": // the key as Authorization: Bearer
          return req.headers.authorization === `Bearer ${FAKE_KEY}` && only({ header: "authorization" }) ? send(200, answer()) : send(401, { error: "invalid api key" });
        case "x-api-key":
          return req.headers["x-api-key"] === FAKE_KEY && only({ header: "x-api-key" }) ? send(200, answer()) : send(403, { error: "forbidden" });
        case "query-key": // Gemini's ?key=
          return url.searchParams.get("key") === FAKE_KEY && only({ query: "key" }) ? send(200, answer()) : send(401, { error: "missing key" });
        case "no-key": // a local server (Ollama): any credential at all is refused
          return req.headers.authorization === undefined && only({}) ? send(200, answer()) : send(400, { error: "unexpected credential" });
        case "short": // embeddings_v1: a vector of 3 numbers, whatever was asked
          return send(200, { ...answer(), data: [{ object: "embedding", index: 0, embedding: [0.1, 0.2, 0.3] }] });
        case "non-numeric": // embeddings_v1: a vector with a string in it
          return send(200, { ...answer(), data: [{ object: "embedding", index: 0, embedding: [0.1, "0.2", 0.3] }] });
        case "malformed":
          return send(200, breakField(answer(), field ?? "id"));
        case "not-json":
          return send(200, "<html>hello</html>");
        case "error":
          return send(500, { error: `upstream exploded while holding ${FAKE_KEY} and a long internal id ABCDEFGHIJKLMNOPQRSTUVWXYZ123456` });
        case "echo-role": // reflects our credential header into a field (a hostile or buggy upstream)
          return send(200, { ...answer(), choices: [{ index: 0, message: { role: String(req.headers["x-key"] ?? req.headers.authorization ?? ""), content: "pong" }, finish_reason: "stop" }] });
        case "echo-url": // an error page that quotes the request line, query string included
          return send(404, `<p>No route for ${req.method} ${req.url}</p>`);
        case "error-nul": // a crash page with control bytes, a NUL among them (PostgreSQL refuses NUL in text)
          return send(500, "core dumped\u0000\u0007 at 0x0");
        case "error-pii": // a crash page full of personal data
          return send(500, { error: "payment failed for card 4111 1111 1111 1111, contact jane.doe@example.com" });
        case "teapot":
          return send(418, { error: "short and stout" });
        case "slow":
          return setTimeout(() => send(200, answer()), 60_000).unref();
        case "big":
          res.writeHead(200, { "content-type": "application/json" });
          return res.end(`{"pad":"${"x".repeat(2 * 1024 * 1024)}"}`);
        case "redirect":
          res.writeHead(302, { location: field ? decodeURIComponent(field) : "http://127.0.0.2:9/" });
          return res.end();
        case "leak": // an answer that carries an e-mail address (DLP on responses)
          return send(200, { ...answer(), note: "contact jane.doe@example.com" });
        case "leak-escaped": // the same, with the @ as a JSON escape in the bytes
          return send(200, JSON.stringify({ ...answer(), note: "contact jane.doe@example.com" }).replace("@", "\\u0040"));
        default:
          return send(404, { error: "unknown mode" });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path: string) => `http://${host}:${port}${path}`,
    port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
