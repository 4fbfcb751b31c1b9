import { defineRoute } from "@/lib/openapi/route";
import { createDlpRuleSchema, dlpRuleIdSchema, dlpRuleListSchema, dlpRuleViewSchema, updateDlpRuleSchema } from "./schema";

// The DLP rules of the token's instance. Reads need endpoints:read; changes
// need endpoints:write and a token creator whose role holds dlp:manage
// (admin or owner), checked by the service.

const WRITE_NOTE = " Needs endpoints:write and a token minted by an admin or owner of the instance (dlp:manage); otherwise 403 forbidden.";

export const listDlpRulesRoute = defineRoute({
  method: "get",
  path: "/api/v2/dlp-rules",
  operationId: "listDlpRules",
  summary: "List DLP rules",
  description:
    "The six built-in detectors (email, payment_card, api_key, private_key, us_ssn, iban: on and blocking unless changed), then the custom patterns, oldest first. " +
    "Endpoint tests honour them: a request or answer matching a blocking rule fails with 422 dlp_blocked and the rule's id; the matched text is never stored or returned.",
  tag: "DLP",
  auth: "token",
  scope: "endpoints:read",
  response: { status: 200, description: "The instance's DLP rules", schema: dlpRuleListSchema },
});

export const createDlpRuleRoute = defineRoute({
  method: "post",
  path: "/api/v2/dlp-rules",
  operationId: "createDlpRule",
  summary: "Add a custom DLP pattern",
  description: "An RE2 pattern (linear-time matching; no backreferences or lookaround). A pattern that does not compile, is too complex or matches empty text is refused at /pattern." + WRITE_NOTE,
  tag: "DLP",
  auth: "token",
  scope: "endpoints:write",
  body: createDlpRuleSchema,
  auditAction: "dlp_rule.create",
  response: { status: 201, description: "The rule", schema: dlpRuleViewSchema },
  errors: ["forbidden", "conflict"],
});

export const getDlpRuleRoute = defineRoute({
  method: "get",
  path: "/api/v2/dlp-rules/{id}",
  operationId: "getDlpRule",
  summary: "Get a DLP rule",
  tag: "DLP",
  auth: "token",
  scope: "endpoints:read",
  params: dlpRuleIdSchema,
  response: { status: 200, description: "The rule", schema: dlpRuleViewSchema },
  errors: ["not_found"],
});

export const updateDlpRuleRoute = defineRoute({
  method: "patch",
  path: "/api/v2/dlp-rules/{id}",
  operationId: "updateDlpRule",
  summary: "Change a DLP rule",
  description: "Partial. A built-in detector (builtin:<detector>) takes action and enabled only; a custom pattern also name and pattern." + WRITE_NOTE,
  tag: "DLP",
  auth: "token",
  scope: "endpoints:write",
  params: dlpRuleIdSchema,
  body: updateDlpRuleSchema,
  auditAction: "dlp_rule.update",
  response: { status: 200, description: "The rule", schema: dlpRuleViewSchema },
  errors: ["not_found", "forbidden"],
});

export const deleteDlpRuleRoute = defineRoute({
  method: "delete",
  path: "/api/v2/dlp-rules/{id}",
  operationId: "deleteDlpRule",
  summary: "Delete a custom DLP pattern",
  description: "Built-in detectors cannot be deleted (409 conflict); switch one off instead." + WRITE_NOTE,
  tag: "DLP",
  auth: "token",
  scope: "endpoints:write",
  params: dlpRuleIdSchema,
  auditAction: "dlp_rule.delete",
  response: { status: 204, description: "Deleted" },
  errors: ["not_found", "forbidden", "conflict"],
});
