import { DEFAULT_BASE_URLS } from "@/lib/llm-config/providers";
import { PROVIDERS_NEEDING_BASE_URL, PROVIDERS_WITHOUT_KEY, type Provider } from "@/lib/llm-config/schema";

// What the form says about each provider: an example model and where the
// base URL points. Which fields are required, and the default addresses,
// come from the llm-config domain.

const MODEL_EXAMPLES: Record<Provider, string> = {
  anthropic: "claude-sonnet-4-20250514",
  openai: "gpt-4o-mini",
  azure_openai: "your deployment name",
  gemini: "gemini-2.0-flash",
  cohere: "command-r-plus",
  ollama: "llama3.1",
  openai_compatible: "the model your gateway serves",
};

const REQUIRED_BASE_URL: Partial<Record<Provider, string>> = {
  azure_openai: "Required: your resource's address, e.g. https://my-resource.openai.azure.com.",
  openai_compatible: "Required: the address before /models and /chat/completions, e.g. https://gateway.example.com/v1.",
};

export function providerHint(provider: Provider) {
  const fallback = DEFAULT_BASE_URLS[provider];
  const local = provider === "ollama" ? " A private address must be admitted by PENAXTRA_EGRESS_ALLOW." : "";
  return {
    model: MODEL_EXAMPLES[provider],
    defaultBaseUrl: fallback,
    baseUrl: REQUIRED_BASE_URL[provider] ?? `Optional: a proxy or gateway. Empty: ${fallback}.${local}`,
    needsBaseUrl: PROVIDERS_NEEDING_BASE_URL.includes(provider),
    keyOptional: PROVIDERS_WITHOUT_KEY.includes(provider),
  };
}
