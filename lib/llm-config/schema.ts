import { z } from "zod";
import { parseEndpointUrl } from "@/lib/endpoints/url";

// One set of rules for the LLM configuration (seed 001): the API, the
// console's forms and the OpenAPI document parse with these. The view has no
// key field, only the masked hint, and is strict.

export const PROVIDERS = ["anthropic", "openai", "azure_openai", "gemini", "cohere", "ollama", "openai_compatible"] as const;
export type Provider = (typeof PROVIDERS)[number];

export const PROVIDER_LABELS: Record<Provider, string> = {
  anthropic: "Anthropic",
  openai: "OpenAI",
  azure_openai: "Azure OpenAI",
  gemini: "Google Gemini",
  cohere: "Cohere",
  ollama: "Ollama",
  openai_compatible: "OpenAI-compatible",
};

/** Providers with no public default address: base_url is required. */
export const PROVIDERS_NEEDING_BASE_URL: readonly Provider[] = ["azure_openai", "openai_compatible"];
/** Providers that may run without a key (a local Ollama). */
export const PROVIDERS_WITHOUT_KEY: readonly Provider[] = ["ollama"];

export const INVALID_PROVIDER = `provider must be one of: ${PROVIDERS.join(", ")}`;

export const MODEL_MAX = 200;
export const API_KEY_MAX = 4096;
export const BASE_URL_MAX = 2048;

const providerSchema = z.enum(PROVIDERS, { error: INVALID_PROVIDER });

// Printable ASCII without spaces: a model name goes into URLs and bodies, a key into a header.
const VISIBLE_ASCII = /^[\x21-\x7e]+$/;

const modelSchema = z
  .string({ error: "Enter the model identifier" })
  .trim()
  .min(1, "Enter the model identifier")
  .max(MODEL_MAX, `Use at most ${MODEL_MAX} characters`)
  .regex(VISIBLE_ASCII, "A model identifier has no spaces or control characters, e.g. claude-sonnet-4-20250514");

const apiKeySchema = z
  .string({ error: "Enter the API key" })
  .trim()
  .min(1, "Enter the API key")
  .max(API_KEY_MAX, `Use at most ${API_KEY_MAX} characters`)
  .regex(VISIBLE_ASCII, "An API key has no spaces or control characters");

/** A base address (a proxy, gateway or self-hosted server): http or https, no credentials, query or fragment. */
export const baseUrlSchema = z
  .string()
  .trim()
  .min(1, "Enter the base URL")
  .max(BASE_URL_MAX, `Use at most ${BASE_URL_MAX} characters`)
  .superRefine((raw, ctx) => {
    const parsed = parseEndpointUrl(raw);
    if (!(parsed instanceof URL)) ctx.addIssue({ code: "custom", message: parsed.message });
    else if (parsed.search || raw.includes("?")) ctx.addIssue({ code: "custom", message: "A base URL has no query string; the request paths are added to it" });
  });

type Shape = { provider?: Provider; base_url?: string | null; hasKey?: boolean };

/** The rules between fields, shared by create and (on the merged record) update. */
export function llmConfigRuleIssues(v: Shape): { field: string; message: string }[] {
  const issues: { field: string; message: string }[] = [];
  if (!v.provider) return issues;
  if (PROVIDERS_NEEDING_BASE_URL.includes(v.provider) && !v.base_url) {
    issues.push({ field: "base_url", message: `${PROVIDER_LABELS[v.provider]} needs base_url (there is no public default address)` });
  }
  if (!PROVIDERS_WITHOUT_KEY.includes(v.provider) && !v.hasKey) {
    issues.push({ field: "api_key", message: `${PROVIDER_LABELS[v.provider]} needs api_key` });
  }
  return issues;
}

export const createLlmConfigSchema = z
  .strictObject({
    provider: providerSchema,
    model: modelSchema,
    api_key: apiKeySchema.optional().describe("The provider's API key; stored sealed, never returned. Optional for ollama."),
    base_url: baseUrlSchema.nullish().describe("Optional address of a proxy or gateway; required for azure_openai and openai_compatible."),
  })
  .superRefine((v, ctx) => {
    for (const i of llmConfigRuleIssues({ ...v, hasKey: !!v.api_key })) ctx.addIssue({ code: "custom", path: [i.field], message: i.message });
  });

export type CreateLlmConfigInput = z.input<typeof createLlmConfigSchema>;
export type CreateLlmConfigValues = z.output<typeof createLlmConfigSchema>;

/** PATCH: any subset; base_url null removes it. The rules are checked on the merged record by the service. */
export const updateLlmConfigSchema = z
  .strictObject({
    provider: providerSchema,
    model: modelSchema,
    api_key: apiKeySchema.describe("A new key; omit to keep the current one."),
    base_url: baseUrlSchema.nullable(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, "Send at least one field to change");

export type UpdateLlmConfigInput = z.input<typeof updateLlmConfigSchema>;
export type UpdateLlmConfigValues = z.output<typeof updateLlmConfigSchema>;

export const llmConfigViewSchema = z
  .strictObject({
    id: z.string(),
    provider: z.enum(PROVIDERS),
    model: z.string(),
    base_url: z.string().nullable().describe("The proxy or gateway address, or null for the provider's own"),
    api_key_masked: z.string().nullable().describe("A short prefix and the last four characters, e.g. sk-ant-...WXYZ; null when no key is set (ollama)"),
    instance_id: z.string().nullable().describe("The instance this configuration belongs to; null for the control plane"),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: "LlmConfig" });

export type LlmConfigView = z.infer<typeof llmConfigViewSchema>;

export const connectionResultSchema = z
  .strictObject({
    success: z.boolean(),
    provider: z.enum(PROVIDERS),
    model: z.string(),
    message: z.string().describe('"Connection successful", or a reason code and why, e.g. "invalid_api_key: the provider refused the key (HTTP 401)"'),
  })
  .meta({ id: "LlmConnectionResult" });

export type ConnectionResult = z.infer<typeof connectionResultSchema>;

/** The reason codes a failed connection test's message starts with. */
export const CONNECTION_FAILURES = [
  "invalid_api_key",
  "model_not_found",
  "timeout",
  "egress_blocked",
  "dns_failure",
  "connection_refused",
  "tls_failure",
  "rate_limited",
  "unexpected_response",
  "upstream_error",
] as const;
export type ConnectionFailure = (typeof CONNECTION_FAILURES)[number];
