import { defineRoute } from "@/lib/openapi/route";
import { connectionResultSchema, createLlmConfigSchema, llmConfigViewSchema, updateLlmConfigSchema } from "./schema";

// Seed 001: /llm-config/ (rewritten to /api/v2/llm-config/). Superadmins only;
// X-Instance-Id picks an instance's configuration, without it the control plane's.

const tag = "LLM configuration";
const fieldCodes = { "/provider": "invalid_provider" } as const;

export const getLlmConfigRoute = defineRoute({
  method: "get",
  path: "/api/v2/llm-config",
  operationId: "getLlmConfig",
  summary: "Get the LLM configuration",
  description: "The scope's configuration with its key masked, or null when it has none.",
  tag,
  auth: "superadmin",
  response: { status: 200, description: "The configuration, or null", schema: llmConfigViewSchema.nullable() },
});

export const createLlmConfigRoute = defineRoute({
  method: "post",
  path: "/api/v2/llm-config",
  operationId: "createLlmConfig",
  summary: "Create the LLM configuration",
  description:
    "The API key is stored sealed and never returned (only api_key_masked). base_url is optional, and required for azure_openai and openai_compatible; api_key is optional for ollama only.",
  tag,
  auth: "superadmin",
  body: createLlmConfigSchema,
  fieldCodes,
  auditAction: "llm_config.create",
  response: { status: 201, description: "The configuration", schema: llmConfigViewSchema },
  errors: ["invalid_provider", "already_exists"],
});

export const updateLlmConfigRoute = defineRoute({
  method: "patch",
  path: "/api/v2/llm-config",
  operationId: "updateLlmConfig",
  summary: "Change the LLM configuration",
  description: "Partial: only the fields sent change; omit api_key to keep the current key. base_url null removes it.",
  tag,
  auth: "superadmin",
  body: updateLlmConfigSchema,
  fieldCodes,
  auditAction: "llm_config.update",
  response: { status: 200, description: "The configuration", schema: llmConfigViewSchema },
  errors: ["invalid_provider", "not_found"],
});

export const deleteLlmConfigRoute = defineRoute({
  method: "delete",
  path: "/api/v2/llm-config",
  operationId: "deleteLlmConfig",
  summary: "Delete the LLM configuration",
  description: "AI features of the scope fall back to the control plane's configuration, or are off.",
  tag,
  auth: "superadmin",
  auditAction: "llm_config.delete",
  response: { status: 204, description: "Deleted" },
  errors: ["not_found"],
});

export const testLlmConnectionRoute = defineRoute({
  method: "post",
  path: "/api/v2/llm-config/test-connection",
  operationId: "testLlmConnection",
  summary: "Test the stored LLM credentials",
  description:
    "Calls the provider's models API with the stored key: success when the key is accepted and the model is listed. " +
    "A failure is also 200, with success false and a message starting with its reason code (invalid_api_key, model_not_found, timeout, egress_blocked, …).",
  tag,
  auth: "superadmin",
  auditAction: "llm_config.test_connection",
  response: { status: 200, description: "The outcome", schema: connectionResultSchema },
  errors: ["not_found", "secret_unreadable"],
});
