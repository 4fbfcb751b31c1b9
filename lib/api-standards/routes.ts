import { defineRoute } from "@/lib/openapi/route";
import {
  apiStandardDeletedSchema,
  apiStandardHandleParamsSchema,
  apiStandardInputSchema,
  apiStandardListSchema,
  apiStandardPatchSchema,
  apiStandardSchema,
} from "./schema";

// Seed 002's /v1/api-standards, served at /api/v2/api-standards (the seed's
// paths are rewritten here). Reads are public; changes take a superadmin's
// platform token or console session, with the seed's wording for refusals.

const TAG = "API standards";

const write = {
  auth: "superadmin",
  authErrors: {
    unauthorized: "Invalid or missing authorization credentials",
    forbidden: "Only admin users can create/modify/delete API standards",
  },
  fieldCodes: { "/key_method": "invalid_key_method" },
} as const;

const WRITE_NOTE =
  " key_field is required unless key_method is none (then it is empty): a header name for auth_bearer and auth_apikey, a query parameter name for query_param.";

export const listApiStandardsRoute = defineRoute({
  method: "get",
  path: "/api/v2/api-standards",
  operationId: "listApiStandards",
  summary: "List API standards",
  description: "Every standard, oldest first (the seeded openai, cohere and gemini lead). Public: no authentication.",
  tag: TAG,
  auth: "public",
  response: { status: 200, description: "All standards", schema: apiStandardListSchema },
});

export const getApiStandardRoute = defineRoute({
  method: "get",
  path: "/api/v2/api-standards/{handle}",
  operationId: "getApiStandard",
  summary: "Get an API standard",
  description: "Public: no authentication.",
  tag: TAG,
  auth: "public",
  params: apiStandardHandleParamsSchema,
  response: { status: 200, description: "The standard", schema: apiStandardSchema },
  errors: ["not_found"],
});

export const createApiStandardRoute = defineRoute({
  method: "post",
  path: "/api/v2/api-standards",
  operationId: "createApiStandard",
  summary: "Create an API standard",
  description: "A new handle (lowercase letters, digits and -, up to 64); an existing one is 409 already_exists." + WRITE_NOTE,
  tag: TAG,
  ...write,
  body: apiStandardInputSchema,
  auditAction: "api_standard.create",
  response: { status: 201, description: "The new standard", schema: apiStandardSchema },
  errors: ["invalid_key_method", "already_exists"],
});

export const putApiStandardRoute = defineRoute({
  method: "put",
  path: "/api/v2/api-standards/{handle}",
  operationId: "putApiStandard",
  summary: "Create or replace an API standard",
  description:
    "Creates the standard (201) or replaces all its fields (200). api_standard_handle must equal the path's handle (400 handle_mismatch): standards are not renamed." +
    WRITE_NOTE,
  tag: TAG,
  ...write,
  params: apiStandardHandleParamsSchema,
  body: apiStandardInputSchema,
  auditAction: "api_standard.update",
  response: { status: 200, description: "The replaced standard", schema: apiStandardSchema },
  otherResponses: [{ status: 201, description: "The new standard", schema: apiStandardSchema }],
  errors: ["invalid_key_method", "handle_mismatch"],
});

export const patchApiStandardRoute = defineRoute({
  method: "patch",
  path: "/api/v2/api-standards/{handle}",
  operationId: "patchApiStandard",
  summary: "Change some fields of an API standard",
  description: "Partial: description, key_method, key_field (checked together on the result); api_standard_handle, when sent, must equal the path's." + WRITE_NOTE,
  tag: TAG,
  ...write,
  params: apiStandardHandleParamsSchema,
  body: apiStandardPatchSchema,
  auditAction: "api_standard.update",
  response: { status: 200, description: "The standard", schema: apiStandardSchema },
  errors: ["invalid_key_method", "handle_mismatch", "not_found"],
});

export const deleteApiStandardRoute = defineRoute({
  method: "delete",
  path: "/api/v2/api-standards/{handle}",
  operationId: "deleteApiStandard",
  summary: "Delete an API standard",
  description:
    "Refused with 409 api_standard_in_use while endpoints (LLM service instances) of any workspace name it; the detail and the `references` member give their number." +
    WRITE_NOTE,
  tag: TAG,
  ...write,
  params: apiStandardHandleParamsSchema,
  auditAction: "api_standard.delete",
  response: { status: 200, description: "Deleted", schema: apiStandardDeletedSchema },
  errors: ["not_found", "api_standard_in_use"],
});
