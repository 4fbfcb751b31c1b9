import http from "node:http";
import type { AddressInfo } from "node:net";

// A fake LLM upstream on loopback for the endpoint test: it speaks the four
// wire formats and fails in every way the test must tell apart. The path
// chooses the behaviour: /<format>/<mode>[/<field>].

export const FAKE_KEY = "fake-upstream-key-0123456789";

export type Received = { method: string; path: string; headers: http.IncomingHttpHeaders; body: string };

const ANSWERS: Record<string, () => Record<string, unknown>> = {
  chat_completions_v1: () => ({ id: "chatcmpl-1", object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content: "pong" }, finish_reason: "stop" }] }),
  text_completions_v1: () => ({ id: "cmpl-1", object: "text_completion", choices: [{ index: 0, text: "pong", finish_reason: "stop" }] }),
  messages_v1: () => ({ id: "msg_1", type: "message", role: "assistant", model: "m", content: [{ type: "text", text: "pong" }], stop_reason: "end_turn" }),
  custom_template: () => ({ output: { text: "pong" } }),
};

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
      received.push({ method: req.method ?? "", path: url.pathname + url.search, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const [format, mode = "ok", field] = url.pathname.slice(1).split("/");
      const answer = ANSWERS[format];
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(typeof body === "string" ? body : JSON.stringify(body));
      };
      if (!answer) return send(404, { error: "unknown format" });
      switch (mode) {
        case "ok":
          return send(200, answer());
        case "bearer": // the key as Authorization: Bearer
          return req.headers.authorization === `Bearer ${FAKE_KEY}` ? send(200, answer()) : send(401, { error: "invalid api key" });
        case "x-api-key":
          return req.headers["x-api-key"] === FAKE_KEY ? send(200, answer()) : send(403, { error: "forbidden" });
        case "query-key":
          return url.searchParams.get("key") === FAKE_KEY ? send(200, answer()) : send(401, { error: "missing key" });
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
