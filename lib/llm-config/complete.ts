import "server-only";
import { z } from "zod";
import type { EgressDeps } from "@/lib/egress/guard";
import { AppError } from "@/lib/errors";
import { callProvider, ProviderFailure } from "./call";
import { chatRequest, chatText } from "./providers";
import { effectiveLlmConfig } from "./service";
import { openConfigKey } from "./store";

// The one way an AI feature talks to a model: one chat request to the
// instance's effective provider (its own configuration, else the control
// plane's). The answer is the text; failures are AppErrors whose detail is
// our own reason, never the provider's bytes.

export const completionRequestSchema = z.strictObject({
  system: z.string().max(8_000),
  prompt: z.string().min(1).max(32_000),
  maxTokens: z.number().int().min(1).max(8_192),
});

export type CompletionRequest = z.infer<typeof completionRequestSchema>;

export async function completeText(instanceId: string, req: CompletionRequest, deps?: EgressDeps): Promise<string> {
  const request = completionRequestSchema.parse(req);
  const effective = await effectiveLlmConfig(instanceId);
  if (!effective) {
    throw new AppError("ai_not_configured", "AI features are off: there is no LLM configuration for this workspace nor for the control plane");
  }
  const { config } = effective;
  const key = await openConfigKey(config);
  const target = { provider: config.provider, model: config.model, baseUrl: config.base_url };
  let doc: unknown;
  try {
    doc = await callProvider(config.provider, chatRequest(target, key, request), { kind: "chat", model: config.model }, deps);
  } catch (e) {
    if (e instanceof ProviderFailure) throw new AppError("upstream_failed", `The LLM provider call failed: ${e.message}`);
    throw e;
  }
  const text = chatText(config.provider, doc)?.trim();
  if (!text) throw new AppError("upstream_failed", "The LLM provider call failed: unexpected_response: the answer holds no text");
  return withoutKey(text, key);
}

/**
 * A provider (or a gateway in front of it) that echoes the request's
 * credential must not put the key on an operator's screen: every occurrence
 * is masked before the text leaves this function.
 */
export function withoutKey(text: string, key: string): string {
  return key.length >= 4 ? text.split(key).join("[redacted]") : text;
}
