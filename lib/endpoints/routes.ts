import { defineRoute } from "@/lib/openapi/route";
import {
  createEndpointSchema,
  endpointIdSchema,
  endpointPageSchema,
  endpointViewSchema,
  listEndpointsQuerySchema,
  updateEndpointSchema,
} from "./schema";
import { endpointTestViewSchema, testHistoryPageSchema, testHistoryQuerySchema, testRequestSchema } from "./testing/schema";

const fieldCodes = { "/wire_format": "invalid_wire_format", "/query/wire_format": "invalid_wire_format" } as const;

export const listEndpointsRoute = defineRoute({
  method: "get",
  path: "/api/v2/endpoints",
  operationId: "listEndpoints",
  summary: "List endpoints",
  description: "The instance's LLM endpoints, newest first. Filters combine; pass next_cursor as cursor for the next page.",
  tag: "Endpoints",
  auth: "token",
  scope: "endpoints:read",
  query: listEndpointsQuerySchema,
  fieldCodes,
  response: { status: 200, description: "A page of endpoints", schema: endpointPageSchema },
});

export const createEndpointRoute = defineRoute({
  method: "post",
  path: "/api/v2/endpoints",
  operationId: "createEndpoint",
  summary: "Register an endpoint",
  description:
    "The credential is a reference to a secret of this workspace (`secret:<name>`); its value never appears in any answer. " +
    "With `auth_header: Authorization` a value without a scheme word is sent as `Bearer <value>`; any other header gets the value as is. " +
    "`api_standard` (instead of `auth_header`) names a seed-002 API standard whose key_method places the credential: a header, a query parameter, or nothing.",
  tag: "Endpoints",
  auth: "token",
  scope: "endpoints:write",
  body: createEndpointSchema,
  fieldCodes,
  auditAction: "endpoint.create",
  response: { status: 201, description: "The endpoint", schema: endpointViewSchema },
  errors: ["url_duplicate", "secret_ref_unknown", "api_standard_unknown"],
});

export const getEndpointRoute = defineRoute({
  method: "get",
  path: "/api/v2/endpoints/{id}",
  operationId: "getEndpoint",
  summary: "Get an endpoint",
  tag: "Endpoints",
  auth: "token",
  scope: "endpoints:read",
  params: endpointIdSchema,
  response: { status: 200, description: "The endpoint", schema: endpointViewSchema },
  errors: ["not_found"],
});

export const updateEndpointRoute = defineRoute({
  method: "patch",
  path: "/api/v2/endpoints/{id}",
  operationId: "updateEndpoint",
  summary: "Change an endpoint",
  description: "Partial: only the fields sent change. `status` is active or disabled. id, instance_id and created_at cannot be set.",
  tag: "Endpoints",
  auth: "token",
  scope: "endpoints:write",
  params: endpointIdSchema,
  body: updateEndpointSchema,
  fieldCodes,
  auditAction: "endpoint.update",
  response: { status: 200, description: "The endpoint", schema: endpointViewSchema },
  errors: ["not_found", "url_duplicate", "secret_ref_unknown", "api_standard_unknown", "already_exists"],
});

export const deleteEndpointRoute = defineRoute({
  method: "delete",
  path: "/api/v2/endpoints/{id}",
  operationId: "deleteEndpoint",
  summary: "Delete an endpoint",
  tag: "Endpoints",
  auth: "token",
  scope: "endpoints:write",
  params: endpointIdSchema,
  auditAction: "endpoint.delete",
  response: { status: 204, description: "Deleted" },
  errors: ["not_found"],
});

export const testEndpointRoute = defineRoute({
  method: "post",
  path: "/api/v2/endpoints/{id}/test",
  operationId: "testEndpoint",
  summary: "Test an endpoint",
  description:
    "Sends one small request in the endpoint's wire format through the egress guard and checks the answer field by field. " +
    "The optional `prompt` (up to 4000 characters) replaces the default harmless prompt. Every run is stored. " +
    "A request or answer matching a blocking DLP rule answers 422 dlp_blocked with rule_id.",
  tag: "Endpoints",
  auth: "token",
  scope: "endpoints:write",
  params: endpointIdSchema,
  body: testRequestSchema,
  auditAction: "endpoint.test",
  response: { status: 200, description: "The verdict (pass or fail, with a reason)", schema: endpointTestViewSchema },
  errors: ["not_found", "dlp_blocked", "secret_ref_unknown"],
});

export const listEndpointTestsRoute = defineRoute({
  method: "get",
  path: "/api/v2/endpoints/{id}/tests",
  operationId: "listEndpointTests",
  summary: "An endpoint's test history",
  description: "Newest first; pass next_cursor as cursor for the next page.",
  tag: "Endpoints",
  auth: "token",
  scope: "endpoints:read",
  params: endpointIdSchema,
  query: testHistoryQuerySchema,
  response: { status: 200, description: "A page of test runs", schema: testHistoryPageSchema },
  errors: ["not_found"],
});
