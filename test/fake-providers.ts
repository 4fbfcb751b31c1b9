import http from "node:http";
import type { AddressInfo } from "node:net";

// Fake LLM providers on loopback, one small server acting as each family. A
// configuration's base_url is `<server>/<family>/<mode>`; the rest of the
// path and query must be exactly what that provider's API expects, and the
// key must sit exactly where it expects it (header name, Bearer, or query
// parameter), or the answer is the provider's refusal. The mode picks a
// failure: ok, error (500 quoting the request, key included), limited (429),
// html (200, not JSON), garbage (200, JSON but not the expected shape),
// slow (no answer for a minute), missing (404 for everything).

export const FAKE_PROVIDER_KEY = "sk-fake-provider-key-0123456789abcdef";

/** The model each family lists (and answers for); Gemini and Ollama list them in their own spelling. */
export const FAKE_MODELS = {
  anthropic: "claude-sonnet-4-20250514",
  openai: "gpt-4o",
  azure_openai: "gpt-4o-mini",
  gemini: "gemini-2.0-flash",
  cohere: "command-r-plus",
  ollama: "llama3",
  openai_compatible: "meta-llama/Llama-3-70b",
} as const;

export type Family = keyof typeof FAKE_MODELS;

export const FAKE_ANSWER = "A fake provider's answer.";

export type ProviderRequestSeen = { family: string; mode: string; method: string; path: string; headers: http.IncomingHttpHeaders; body: string };

type Reply = { status: number; body: unknown };
const reply = (status: number, body: unknown): Reply => ({ status, body });

/** Whether the key sits exactly where the family expects it, and nowhere else. */
function keyPlacedRight(family: Family, req: http.IncomingMessage, url: URL, hasKey: boolean): boolean {
  const h = req.headers;
  const bearer = h.authorization === `Bearer ${FAKE_PROVIDER_KEY}`;
  switch (family) {
    case "anthropic":
      return h["x-api-key"] === FAKE_PROVIDER_KEY && h["anthropic-version"] === "2023-06-01" && !h.authorization;
    case "azure_openai":
      return h["api-key"] === FAKE_PROVIDER_KEY && !h.authorization;
    case "gemini":
      return url.searchParams.get("key") === FAKE_PROVIDER_KEY && !h.authorization && !h["x-goog-api-key"];
    case "ollama":
      return hasKey ? bearer : !h.authorization;
    default:
      return bearer;
  }
}

function refusal(family: Family): Reply {
  if (family === "gemini") {
    return reply(400, { error: { code: 400, message: "API key not valid. Please pass a valid API key.", status: "INVALID_ARGUMENT", details: [{ reason: "API_KEY_INVALID" }] } });
  }
  return reply(401, { error: { type: "authentication_error", message: "invalid x-api-key" } });
}

function models(family: Family): Reply {
  const listed = ["other-model-1", FAKE_MODELS[family]];
  switch (family) {
    case "gemini":
      return reply(200, { models: listed.map((m) => ({ name: `models/${m}`, displayName: m })) });
    case "cohere":
      return reply(200, { models: listed.map((name) => ({ name, endpoints: ["chat"] })) });
    case "ollama":
      return reply(200, { models: listed.map((m) => ({ name: `${m}:latest`, model: `${m}:latest` })) });
    default:
      return reply(200, { object: "list", data: listed.map((id) => ({ id, object: "model" })) });
  }
}

function chat(family: Family, path: string, body: Record<string, unknown>): Reply {
  const model = FAKE_MODELS[family];
  const unknown = reply(404, { error: { message: "model not found" } });
  switch (family) {
    case "anthropic":
      if (body.model !== model) return unknown;
      return reply(200, { type: "message", role: "assistant", content: [{ type: "text", text: FAKE_ANSWER }], stop_reason: "end_turn" });
    case "gemini":
      if (!path.startsWith(`/v1beta/models/${model}:generateContent`)) return unknown;
      return reply(200, { candidates: [{ content: { role: "model", parts: [{ text: FAKE_ANSWER }] }, finishReason: "STOP" }] });
    case "cohere":
      if (body.model !== model) return unknown;
      return reply(200, { id: "c-1", message: { role: "assistant", content: [{ type: "text", text: FAKE_ANSWER }] }, finish_reason: "COMPLETE" });
    case "ollama":
      if (String(body.model).replace(/:latest$/, "") !== model || body.stream !== false) return unknown;
      return reply(200, { model, message: { role: "assistant", content: FAKE_ANSWER }, done: true });
    case "azure_openai":
      if (!path.startsWith(`/openai/deployments/${model}/`)) return unknown;
      return reply(200, { object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content: FAKE_ANSWER } }] });
    default:
      if (body.model !== model) return unknown;
      return reply(200, { object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content: FAKE_ANSWER } }] });
  }
}

/** The exact path and query of each family's models list and chat call. */
const MODELS_PATH: Record<Family, string> = {
  anthropic: "/v1/models?limit=1000",
  openai: "/models",
  azure_openai: "/openai/models?api-version=2024-10-21",
  gemini: "/v1beta/models?pageSize=1000",
  cohere: "/v1/models?page_size=1000",
  ollama: "/api/tags",
  openai_compatible: "/models",
};

function isChat(family: Family, url: URL): boolean {
  const p = url.pathname;
  switch (family) {
    case "anthropic":
      return p === "/v1/messages";
    case "azure_openai":
      return /^\/openai\/deployments\/[^/]+\/chat\/completions$/.test(p) && url.search === "?api-version=2024-10-21";
    case "gemini":
      return /^\/v1beta\/models\/[^/]+:generateContent$/.test(p);
    case "cohere":
      return p === "/v2/chat";
    case "ollama":
      return p === "/api/chat";
    default:
      return p === "/chat/completions";
  }
}

/** The request line without the key (Gemini's travels in the query). */
const withoutKey = (url: URL) => {
  const copy = new URL(url);
  copy.searchParams.delete("key");
  return `${copy.pathname}${copy.search}`;
};

function answer(family: Family, mode: string, req: http.IncomingMessage, url: URL, body: string): Reply {
  if (mode === "missing") return reply(404, { error: "not found" });
  if (mode === "error") return reply(500, { error: `internal failure serving ${req.method} ${req.url} for ${req.headers.authorization ?? req.headers["x-api-key"] ?? req.headers["api-key"] ?? ""}` });
  if (mode === "limited") return reply(429, { error: "rate limited" });
  if (mode === "html") return reply(200, "<html><body>Gateway login</body></html>");
  const hasKey = mode !== "nokey";
  if (!keyPlacedRight(family, req, url, hasKey)) return refusal(family);
  if (req.method === "GET" && withoutKey(url) === MODELS_PATH[family]) return mode === "garbage" ? reply(200, { hello: "world" }) : models(family);
  if (req.method === "POST" && isChat(family, url) && req.headers["content-type"] === "application/json") {
    if (mode === "garbage") return reply(200, { hello: "world" });
    try {
      return chat(family, url.pathname, JSON.parse(body) as Record<string, unknown>);
    } catch {
      return reply(400, { error: "bad json" });
    }
  }
  return reply(404, { error: `no route ${req.method} ${withoutKey(url)}` });
}

export async function startFakeProviders(host = "127.0.0.1") {
  const received: ProviderRequestSeen[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const full = new URL(req.url ?? "/", "http://fake");
      const [, family = "", mode = "ok", ...rest] = full.pathname.split("/");
      const url = new URL(`/${rest.join("/")}${full.search}`, "http://fake");
      const body = Buffer.concat(chunks).toString("utf8");
      received.push({ family, mode, method: req.method ?? "", path: `${url.pathname}${url.search}`, headers: req.headers, body });
      if (mode === "slow") return void setTimeout(() => res.end(), 60_000).unref();
      const out = family in FAKE_MODELS ? answer(family as Family, mode, req, url, body) : reply(404, { error: "unknown family" });
      res.writeHead(out.status, { "content-type": typeof out.body === "string" ? "text/html" : "application/json" });
      res.end(typeof out.body === "string" ? out.body : JSON.stringify(out.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    /** The base_url that makes a configuration of this family talk to the fake in this mode. */
    baseUrl: (family: Family, mode = "ok") => `http://${host}:${port}/${family}/${mode}`,
    port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
