import { defineRoute } from "@/lib/openapi/route";
import { llmServiceDeletedSchema, llmServiceListSchema, llmServiceViewSchema, ownerParamsSchema, putLlmServiceSchema, serviceParamsSchema } from "./schema";

// Seed 002's LLM service instances. The seed's /v1/llm-services/… paths are
// rewritten to these (next.config.mjs). An instance is an endpoint: it is also
// listed, tested and changed through /api/v2/endpoints.

const TAG = "LLM services";

export const listLlmServicesRoute = defineRoute({
  method: "get",
  path: "/api/v2/llm-services/{owner}",
  operationId: "listLlmServices",
  summary: "List an owner's LLM service instances",
  description: "`owner` is the user handle of a member of the token's workspace; any other handle is 404.",
  tag: TAG,
  auth: "token",
  scope: "endpoints:read",
  params: ownerParamsSchema,
  response: { status: 200, description: "The owner's instances, by handle", schema: llmServiceListSchema },
  errors: ["not_found"],
});

export const getLlmServiceRoute = defineRoute({
  method: "get",
  path: "/api/v2/llm-services/{owner}/{instanceHandle}",
  operationId: "getLlmService",
  summary: "Get an LLM service instance",
  tag: TAG,
  auth: "token",
  scope: "endpoints:read",
  params: serviceParamsSchema,
  response: { status: 200, description: "The instance; api_key_encrypted is a masked hint, never the key", schema: llmServiceViewSchema },
  errors: ["not_found"],
});

export const putLlmServiceRoute = defineRoute({
  method: "put",
  path: "/api/v2/llm-services/{owner}/{instanceHandle}",
  operationId: "putLlmService",
  summary: "Create or replace an LLM service instance",
  description:
    "Creates the instance (201) or replaces it (200). Only the owner or an instance admin may write. `instance_handle` must equal the path's. " +
    "`api_key_encrypted` carries the provider's key: it is sealed as a secret of the workspace and answers show only a masked hint. " +
    "The `api_standard` decides where the key goes (a header, a query parameter, or nothing for key_method none).",
  tag: TAG,
  auth: "token",
  scope: "endpoints:write",
  params: serviceParamsSchema,
  body: putLlmServiceSchema,
  auditAction: "llm_service.put",
  response: { status: 201, description: "Created", schema: llmServiceViewSchema },
  otherResponses: [{ status: 200, description: "Replaced", schema: llmServiceViewSchema }],
  errors: ["not_found", "forbidden", "handle_mismatch", "api_standard_unknown", "url_duplicate", "already_exists"],
});

export const deleteLlmServiceRoute = defineRoute({
  method: "delete",
  path: "/api/v2/llm-services/{owner}/{instanceHandle}",
  operationId: "deleteLlmService",
  summary: "Delete an LLM service instance",
  description: "Deletes the instance's endpoint, and its key's secret when nothing else uses it. Only the owner or an instance admin may delete.",
  tag: TAG,
  auth: "token",
  scope: "endpoints:write",
  params: serviceParamsSchema,
  auditAction: "llm_service.delete",
  response: { status: 200, description: "Deleted", schema: llmServiceDeletedSchema },
  errors: ["not_found", "forbidden"],
});
