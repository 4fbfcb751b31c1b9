import type { Provider } from "./schema";

// How each provider is called: where its models list and its chat API live,
// where the key goes, and where the answer keeps the ids and the text. Pure
// functions: the callers send the requests through the egress guard.

export type Target = { provider: Provider; model: string; baseUrl: string | null };

export type ProviderRequest = { url: string; method: "GET" | "POST"; headers: Record<string, string>; body?: string };

export type ChatRequest = { system: string; prompt: string; maxTokens: number };

export const AZURE_API_VERSION = "2024-10-21";
export const ANTHROPIC_VERSION = "2023-06-01";

/** The provider's own address, used when base_url is not set (null: base_url is required). */
export const DEFAULT_BASE_URLS: Record<Provider, string | null> = {
  anthropic: "https://api.anthropic.com",
  openai: "https://api.openai.com/v1",
  azure_openai: null,
  gemini: "https://generativelanguage.googleapis.com",
  cohere: "https://api.cohere.com",
  ollama: "http://localhost:11434",
  openai_compatible: null,
};

function base(t: Target): string {
  const root = t.baseUrl ?? DEFAULT_BASE_URLS[t.provider];
  // The schema requires base_url for these providers; a row without one is a bug, not a user error.
  if (!root) throw new Error(`${t.provider} configuration without base_url`);
  return root.replace(/\/+$/, "");
}

const bearer = (key: string): Record<string, string> => (key ? { authorization: `Bearer ${key}` } : {});
const JSON_BODY = { "content-type": "application/json" };

/** Gemini names models "models/<id>"; either spelling of the configured model means the same one. */
const geminiId = (model: string) => model.replace(/^models\//, "");

/** The models-list request, with the key where the provider expects it. */
export function modelsRequest(t: Target, key: string): ProviderRequest {
  const root = base(t);
  switch (t.provider) {
    case "anthropic":
      return { method: "GET", url: `${root}/v1/models?limit=1000`, headers: { "x-api-key": key, "anthropic-version": ANTHROPIC_VERSION } };
    case "openai":
    case "openai_compatible":
      return { method: "GET", url: `${root}/models`, headers: bearer(key) };
    case "azure_openai":
      return { method: "GET", url: `${root}/openai/models?api-version=${AZURE_API_VERSION}`, headers: { "api-key": key } };
    case "gemini":
      return { method: "GET", url: `${root}/v1beta/models?pageSize=1000&key=${encodeURIComponent(key)}`, headers: {} };
    case "cohere":
      return { method: "GET", url: `${root}/v1/models?page_size=1000`, headers: bearer(key) };
    case "ollama":
      return { method: "GET", url: `${root}/api/tags`, headers: bearer(key) };
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => !!v && typeof v === "object" && !Array.isArray(v);

function listOf(doc: unknown, field: string, idField: string): string[] | null {
  if (!isObject(doc) || !Array.isArray(doc[field])) return null;
  return (doc[field] as unknown[]).flatMap((m) => (isObject(m) && typeof m[idField] === "string" ? [m[idField] as string] : []));
}

/** The model ids a models answer lists, or null when it is not a models list of this provider. */
export function listedModels(provider: Provider, doc: unknown): string[] | null {
  switch (provider) {
    case "anthropic":
    case "openai":
    case "openai_compatible":
    case "azure_openai":
      return listOf(doc, "data", "id");
    case "gemini":
      return listOf(doc, "models", "name")?.map(geminiId) ?? null;
    case "cohere":
      return listOf(doc, "models", "name");
    case "ollama":
      return listOf(doc, "models", "name");
  }
}

/** Whether the configured model is among the listed ones (Ollama's ":latest" tag is implied). */
export function modelListed(provider: Provider, model: string, listed: string[]): boolean {
  if (provider === "gemini") return listed.includes(geminiId(model));
  if (provider === "ollama") {
    const bare = (m: string) => m.replace(/:latest$/, "");
    return listed.some((m) => bare(m) === bare(model));
  }
  return listed.includes(model);
}

/** One chat request with a system text and one user message, as the provider expects it. */
export function chatRequest(t: Target, key: string, req: ChatRequest): ProviderRequest {
  const root = base(t);
  const messages = [
    { role: "system", content: req.system },
    { role: "user", content: req.prompt },
  ];
  const post = (url: string, headers: Record<string, string>, body: unknown): ProviderRequest => ({
    method: "POST",
    url,
    headers: { ...JSON_BODY, ...headers },
    body: JSON.stringify(body),
  });
  switch (t.provider) {
    case "anthropic":
      return post(
        `${root}/v1/messages`,
        { "x-api-key": key, "anthropic-version": ANTHROPIC_VERSION },
        { model: t.model, max_tokens: req.maxTokens, system: req.system, messages: [{ role: "user", content: req.prompt }] },
      );
    case "openai":
      // OpenAI's own API counts output with max_completion_tokens (max_tokens is refused by reasoning models).
      return post(`${root}/chat/completions`, bearer(key), { model: t.model, messages, max_completion_tokens: req.maxTokens });
    case "openai_compatible":
      return post(`${root}/chat/completions`, bearer(key), { model: t.model, messages, max_tokens: req.maxTokens });
    case "azure_openai":
      return post(
        `${root}/openai/deployments/${encodeURIComponent(t.model)}/chat/completions?api-version=${AZURE_API_VERSION}`,
        { "api-key": key },
        { messages, max_tokens: req.maxTokens },
      );
    case "gemini":
      return post(
        `${root}/v1beta/models/${encodeURIComponent(geminiId(t.model))}:generateContent?key=${encodeURIComponent(key)}`,
        {},
        {
          systemInstruction: { parts: [{ text: req.system }] },
          contents: [{ role: "user", parts: [{ text: req.prompt }] }],
          generationConfig: { maxOutputTokens: req.maxTokens },
        },
      );
    case "cohere":
      return post(`${root}/v2/chat`, bearer(key), { model: t.model, messages, max_tokens: req.maxTokens });
    case "ollama":
      return post(`${root}/api/chat`, bearer(key), { model: t.model, messages, stream: false, options: { num_predict: req.maxTokens } });
  }
}

/** The text parts of a list of content blocks ({ type: "text", text }). */
function textBlocks(blocks: unknown): string | null {
  if (!Array.isArray(blocks)) return null;
  const texts = blocks.flatMap((b) => (isObject(b) && b.type === "text" && typeof b.text === "string" ? [b.text] : []));
  return texts.length ? texts.join("") : null;
}

function at(doc: unknown, ...path: (string | number)[]): unknown {
  let current: unknown = doc;
  for (const step of path) {
    if (typeof step === "number" ? !Array.isArray(current) : !isObject(current)) return undefined;
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

/** The answer's text, or null when the answer is not a chat answer of this provider. */
export function chatText(provider: Provider, doc: unknown): string | null {
  switch (provider) {
    case "anthropic":
      return textBlocks(at(doc, "content"));
    case "openai":
    case "openai_compatible":
    case "azure_openai":
      return str(at(doc, "choices", 0, "message", "content"));
    case "gemini": {
      const parts = at(doc, "candidates", 0, "content", "parts");
      if (!Array.isArray(parts)) return null;
      const texts = parts.flatMap((p) => (isObject(p) && typeof p.text === "string" ? [p.text] : []));
      return texts.length ? texts.join("") : null;
    }
    case "cohere":
      return textBlocks(at(doc, "message", "content"));
    case "ollama":
      return str(at(doc, "message", "content"));
  }
}
