import type { WireFormat } from "../schema";

// What the endpoint test sends in each wire format, and how it checks the
// answer: field by field against the format's response shape, naming the
// first field that is wrong.

export const DEFAULT_PROMPT = "Reply with the single word: pong";
export const ANTHROPIC_VERSION = "2023-06-01";

type Endpoint = { wire_format: WireFormat; model: string; request_template: unknown; response_path: string | null; dimensions?: number | null };

/** The request body (and format-specific headers) for one test; `doc` is the body before serialising. */
export function buildRequest(endpoint: Endpoint, prompt: string): { body: string; doc: unknown; headers: Record<string, string> } {
  const json = { "content-type": "application/json", accept: "application/json" };
  const make = (doc: unknown, headers: Record<string, string> = json) => ({ doc, headers, body: JSON.stringify(doc) });
  switch (endpoint.wire_format) {
    case "chat_completions_v1":
      return make({ model: endpoint.model, messages: [{ role: "user", content: prompt }], max_tokens: 16 });
    case "text_completions_v1":
      return make({ model: endpoint.model, prompt, max_tokens: 16 });
    case "messages_v1":
      return make({ model: endpoint.model, max_tokens: 16, messages: [{ role: "user", content: prompt }] }, { ...json, "anthropic-version": ANTHROPIC_VERSION });
    case "custom_template":
      return make(fillTemplate(endpoint.request_template, { prompt, model: endpoint.model }));
    case "embeddings_v1":
      return make({ model: endpoint.model, input: prompt, ...(endpoint.dimensions ? { dimensions: endpoint.dimensions } : {}) });
  }
}

/** Every string inside a JSON value, decoded (what DLP reads: escapes in the wire bytes cannot hide a match). */
export function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      stringsIn(v, out);
    }
  }
  return out;
}

/** Replaces {{prompt}} and {{model}} inside the template's strings (the JSON stays well-formed). */
export function fillTemplate(template: unknown, values: { prompt: string; model: string }): unknown {
  if (typeof template === "string") return template.replace(/\{\{\s*(prompt|model)\s*\}\}/g, (_, key: "prompt" | "model") => values[key]);
  if (Array.isArray(template)) return template.map((t) => fillTemplate(t, values));
  if (template && typeof template === "object") return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fillTemplate(v, values)]));
  return template;
}

export type Check = { ok: true; text: string } | { ok: false; field: string; problem: string };

type Field = { path: string; is: "string" | "number" | "array" | "object" | "string|null" | "nonempty-array" | "object?"; equals?: string };

/** The formats checked by a fixed list of fields (custom_template reads its own path). */
type Shaped = Exclude<WireFormat, "custom_template">;

const SHAPES: Record<Shaped, Field[]> = {
  chat_completions_v1: [
    { path: "$.id", is: "string" },
    { path: "$.choices", is: "nonempty-array" },
    { path: "$.choices[0].message", is: "object" },
    { path: "$.choices[0].message.role", is: "string", equals: "assistant" },
    { path: "$.choices[0].message.content", is: "string" },
    { path: "$.choices[0].finish_reason", is: "string|null" },
  ],
  text_completions_v1: [
    { path: "$.id", is: "string" },
    { path: "$.choices", is: "nonempty-array" },
    { path: "$.choices[0].text", is: "string" },
    { path: "$.choices[0].finish_reason", is: "string|null" },
  ],
  messages_v1: [
    { path: "$.id", is: "string" },
    { path: "$.type", is: "string", equals: "message" },
    { path: "$.role", is: "string", equals: "assistant" },
    { path: "$.content", is: "nonempty-array" },
    { path: "$.content[0].type", is: "string", equals: "text" },
    { path: "$.content[0].text", is: "string" },
    { path: "$.stop_reason", is: "string|null" },
  ],
  // OpenAI embeddings; the vector itself is checked number by number below (embeddingProblem).
  embeddings_v1: [
    { path: "$.object", is: "string", equals: "list" },
    { path: "$.data", is: "nonempty-array" },
    { path: "$.data[0]", is: "object" },
    { path: "$.data[0].embedding", is: "nonempty-array" },
    { path: "$.data[0].index", is: "number" },
    { path: "$.model", is: "string" },
    { path: "$.usage", is: "object?" },
  ],
};

const TEXT_AT: Record<Exclude<Shaped, "embeddings_v1">, string> = {
  chat_completions_v1: "$.choices[0].message.content",
  text_completions_v1: "$.choices[0].text",
  messages_v1: "$.content[0].text",
};

/** The value at a JSONPath subset ($, .name, [n]); undefined when a step is missing. */
export function valueAt(doc: unknown, path: string): unknown {
  const steps = path.slice(1).match(/\.[A-Za-z_][A-Za-z0-9_-]*|\[\d+\]/g) ?? [];
  let current: unknown = doc;
  for (const step of steps) {
    if (current === null || typeof current !== "object") return undefined;
    current = step.startsWith("[") ? (current as unknown[])[Number(step.slice(1, -1))] : (current as Record<string, unknown>)[step.slice(1)];
  }
  return current;
}

function kindOf(v: unknown): string {
  if (v === undefined) return "missing";
  if (v === null) return "null";
  return Array.isArray(v) ? "an array" : `a ${typeof v}`;
}

function fits(v: unknown, f: Field): boolean {
  switch (f.is) {
    case "string":
      return typeof v === "string" && (f.equals === undefined || v === f.equals);
    case "string|null":
      return v === null || typeof v === "string";
    case "number":
      return typeof v === "number";
    case "array":
      return Array.isArray(v);
    case "nonempty-array":
      return Array.isArray(v) && v.length > 0;
    case "object":
      return v !== null && typeof v === "object" && !Array.isArray(v);
    case "object?":
      return v === undefined || (v !== null && typeof v === "object" && !Array.isArray(v));
  }
}

/** embeddings_v1: every element a finite number, and as many as `dimensions` when it is set. */
function embeddingProblem(vector: unknown[], dimensions: number | null | undefined): { field: string; problem: string } | null {
  const bad = vector.findIndex((x) => typeof x !== "number" || !Number.isFinite(x));
  if (bad >= 0) return { field: `$.data[0].embedding[${bad}]`, problem: `is ${kindOf(vector[bad])}, expected a number` };
  if (dimensions && vector.length !== dimensions) return { field: "$.data[0].embedding", problem: `has ${vector.length} numbers, expected ${dimensions} (the endpoint's dimensions)` };
  return null;
}

/** Checks a parsed answer against the format's shape; on success answers the model's text. */
export function checkResponse(endpoint: Endpoint, doc: unknown): Check {
  if (endpoint.wire_format === "custom_template") {
    const path = endpoint.response_path ?? "$";
    const text = valueAt(doc, path);
    return typeof text === "string" ? { ok: true, text } : { ok: false, field: path, problem: `is ${kindOf(text)}, expected text` };
  }
  for (const f of SHAPES[endpoint.wire_format]) {
    const v = valueAt(doc, f.path);
    if (!fits(v, f)) {
      const expected = f.equals
        ? `"${f.equals}"`
        : f.is === "nonempty-array"
          ? "a non-empty array"
          : f.is === "string|null"
            ? "a string or null"
            : f.is === "object?"
              ? "an object or absent"
              : `a ${f.is}`;
      // What was there is described, never echoed: an upstream may reflect our headers into any field.
      const found = typeof v === "string" && f.equals ? "a different string" : kindOf(v);
      return { ok: false, field: f.path, problem: `is ${found}, expected ${expected}` };
    }
  }
  if (endpoint.wire_format === "embeddings_v1") {
    const vector = valueAt(doc, "$.data[0].embedding") as unknown[];
    const problem = embeddingProblem(vector, endpoint.dimensions);
    return problem ? { ok: false, ...problem } : { ok: true, text: `a vector of ${vector.length} numbers` };
  }
  return { ok: true, text: valueAt(doc, TEXT_AT[endpoint.wire_format]) as string };
}
