import { z } from "zod";
import { CLIENT_SET_HEADERS, CLIENT_SET_MESSAGE, HEADER_NAME, HEADER_NAME_MESSAGE } from "@/lib/api-standards/schema";
import { secretRefSchema } from "@/lib/secrets/schema";
import { parseEndpointUrl } from "./url";
import { endpointTestViewSchema } from "./testing/schema";
import { WIRE_FORMATS, type WireFormat } from "./wire-formats";

// One set of schemas for the endpoints API, the console's wizard and edit
// form, and the OpenAPI document.

// The wire formats live in a module without zod, for the console's client components.
export { WIRE_FORMATS, WIRE_FORMAT_HELP, type WireFormat } from "./wire-formats";

export const INVALID_WIRE_FORMAT = `wire_format must be one of: ${WIRE_FORMATS.join(", ")}`;

export const ENDPOINT_STATUSES = ["active", "disabled"] as const;

export const tagSchema = z
  .string()
  .min(1, "A tag cannot be empty")
  .max(40, "Use at most 40 characters per tag")
  .regex(/^[a-z0-9\-_:.]+$/, "Tags use lowercase letters, digits and - _ : .");

export const tagsSchema = z.array(tagSchema).max(20, "Use at most 20 tags");

export const authHeaderSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(HEADER_NAME, HEADER_NAME_MESSAGE)
  .refine((h) => !CLIENT_SET_HEADERS.test(h), CLIENT_SET_MESSAGE);

export const endpointUrlSchema = z
  .string()
  .trim()
  .min(1, "Enter the endpoint URL")
  .max(2048, "Use at most 2048 characters")
  .superRefine((raw, ctx) => {
    const parsed = parseEndpointUrl(raw);
    if (!(parsed instanceof URL)) ctx.addIssue({ code: "custom", message: parsed.message });
  });

/** A JSONPath subset: `$`, then `.name` and `[n]` steps, e.g. $.output.text or $.results[0].text. */
export const responsePathSchema = z
  .string()
  .max(200)
  .regex(/^\$(\.[A-Za-z_][A-Za-z0-9_-]*|\[\d{1,4}\])+$/, "Use a path such as $.output.text or $.results[0].text");

const PLACEHOLDER = /\{\{\s*([A-Za-z_]+)\s*\}\}/g;

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === "object") for (const v of Object.values(value)) strings(v, out);
  return out;
}

/** A JSON request body whose strings may hold {{prompt}} and {{model}}; {{prompt}} must appear. */
export const requestTemplateSchema = z.json().superRefine((value, ctx) => {
  if (value === null || typeof value !== "object") {
    ctx.addIssue({ code: "custom", message: "The request template is a JSON object or array" });
    return;
  }
  if (JSON.stringify(value).length > 16_384) ctx.addIssue({ code: "custom", message: "Keep the request template under 16 KB" });
  const found = strings(value).flatMap((s) => [...s.matchAll(PLACEHOLDER)].map((m) => m[1]));
  const unknown = found.filter((p) => p !== "prompt" && p !== "model");
  if (unknown.length) ctx.addIssue({ code: "custom", message: `Unknown placeholder ${unknown.map((p) => `{{${p}}}`).join(", ")}: use {{prompt}} and {{model}}` });
  if (!found.includes("prompt")) ctx.addIssue({ code: "custom", message: "The template must contain {{prompt}} somewhere" });
});

/** A seed-002 API standard's handle; whether it exists is the service's question (422 api_standard_unknown). */
export const apiStandardRefSchema = z.string().trim().min(1, "Name an API standard").max(64, "Use at most 64 characters");

/** The size of the vectors an embeddings endpoint answers (checked by the embeddings_v1 test when set). */
export const dimensionsSchema = z.number().int("Use a whole number").min(1, "Use at least 1").max(65_536, "Use at most 65536");

/** Every field an endpoint is written with; unknown fields are refused. */
const fields = {
  name: z.string().trim().min(1, "Name the endpoint").max(120, "Use at most 120 characters"),
  url: endpointUrlSchema,
  wire_format: z.enum(WIRE_FORMATS, { error: INVALID_WIRE_FORMAT }),
  model: z.string().trim().min(1, "Enter the model name the provider expects").max(200),
  auth_header: authHeaderSchema.nullish(),
  auth_value_secret_ref: secretRefSchema.nullish(),
  api_standard: apiStandardRefSchema.nullish().describe("How the credential is attached, by a seed-002 API standard (instead of auth_header)"),
  dimensions: dimensionsSchema.nullish().describe("embeddings_v1: the vector length the test expects"),
  owner_user_id: z.string().trim().min(1).max(40).describe('A member\'s user id, or "current" for the caller (a token\'s creator)'),
  tags: tagsSchema,
  description: z.string().trim().max(2000).nullish(),
  request_template: requestTemplateSchema.nullish(),
  response_path: responsePathSchema.nullish(),
};

type Shape = {
  wire_format?: WireFormat;
  auth_header?: string | null;
  auth_value_secret_ref?: string | null;
  api_standard?: string | null;
  request_template?: unknown;
  response_path?: string | null;
};

/**
 * The rules between fields, shared by create and (on the merged record)
 * update. Whether an API standard needs the secret depends on its key_method,
 * which only the service can read.
 */
export function endpointRuleIssues(v: Shape): { field: string; message: string }[] {
  const issues: { field: string; message: string }[] = [];
  if (v.auth_header && v.api_standard) {
    issues.push({ field: "api_standard", message: "Give auth_header or api_standard, not both: the API standard decides where the credential goes" });
  } else if (v.auth_header && !v.auth_value_secret_ref) {
    issues.push({ field: "auth_value_secret_ref", message: "auth_header and auth_value_secret_ref go together: give both, or neither for an endpoint without auth" });
  } else if (!v.auth_header && !v.api_standard && v.auth_value_secret_ref) {
    issues.push({ field: "auth_header", message: "auth_header and auth_value_secret_ref go together: give both (or api_standard instead of auth_header), or neither for an endpoint without auth" });
  }
  const custom = v.wire_format === "custom_template";
  for (const field of ["request_template", "response_path"] as const) {
    const present = v[field] !== undefined && v[field] !== null;
    if (custom && !present) issues.push({ field, message: `custom_template endpoints need ${field}` });
    if (!custom && present) issues.push({ field, message: `${field} is only for custom_template endpoints` });
  }
  return issues;
}

const checkEndpointRules = (v: Shape, ctx: z.RefinementCtx) => {
  for (const i of endpointRuleIssues(v)) ctx.addIssue({ code: "custom", path: [i.field], message: i.message });
};

export const createEndpointSchema = z
  .strictObject({ ...fields, owner_user_id: fields.owner_user_id.default("current"), tags: fields.tags.default([]) })
  .superRefine(checkEndpointRules);

export type CreateEndpointInput = z.input<typeof createEndpointSchema>;
export type CreateEndpointValues = z.output<typeof createEndpointSchema>;

/** PATCH: any subset of the fields, plus status. id, instance_id, created_at and anything else: 400. */
export const updateEndpointSchema = z
  .strictObject({ ...fields, status: z.enum(ENDPOINT_STATUSES) })
  .partial()
  .refine((v) => Object.keys(v).length > 0, "Send at least one field to change");

export type UpdateEndpointValues = z.output<typeof updateEndpointSchema>;

export const endpointViewSchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    url: z.string(),
    wire_format: z.enum(WIRE_FORMATS),
    model: z.string(),
    status: z.enum(ENDPOINT_STATUSES),
    created_at: z.string(),
    updated_at: z.string(),
    auth_header: z.string().nullable(),
    auth_value_secret_ref: z.string().nullable(),
    api_standard: z.string().nullable().describe("The API standard that places the credential, or null"),
    service_handle: z.string().optional().describe("Present on a seed-002 LLM service instance: its instance_handle"),
    dimensions: z.number().int().optional().describe("Present when set: the vector length an embeddings endpoint answers"),
    owner_user_id: z.string(),
    tags: z.array(z.string()),
    description: z.string().nullable(),
    request_template: z.json().nullable(),
    response_path: z.string().nullable(),
    last_test: endpointTestViewSchema.nullable().describe("The latest run of the endpoint test, or null"),
  })
  .meta({ id: "Endpoint" });

export type EndpointView = z.infer<typeof endpointViewSchema>;

export const listEndpointsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
  tag: tagSchema.optional(),
  status: z.enum(ENDPOINT_STATUSES).optional(),
  wire_format: z.enum(WIRE_FORMATS, { error: INVALID_WIRE_FORMAT }).optional(),
  owner: z.string().max(40).optional().describe('A user id, or "current"'),
  q: z.string().trim().max(200).optional().describe("Text in the name or host"),
});

export type ListEndpointsQuery = z.infer<typeof listEndpointsQuerySchema>;

export const endpointPageSchema = z.object({ data: z.array(endpointViewSchema), next_cursor: z.string().nullable() });

export const endpointIdSchema = z.object({ id: z.string().max(40) });
