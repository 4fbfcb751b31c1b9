import { z } from "zod";
import { KEY_METHODS, type KeyMethod } from "./key-methods";

// Seed 002's API standards: how to attach a provider's key to a request. One
// set of schemas for /api/v2/api-standards, the console page and the OpenAPI
// document. The wording of the key_method error is the seed's.

// The key methods live in a module without zod, for the console's client components.
export { KEY_METHODS, KEY_METHOD_LABELS, type KeyMethod } from "./key-methods";

export const INVALID_KEY_METHOD = `Invalid key_method: must be one of ${KEY_METHODS.join(", ")}`;

export const HANDLE_MAX = 64;

/**
 * A handle is the standard's primary key and a path segment: lowercase
 * letters, digits and "-", starting with a letter or digit, so it never needs
 * escaping in a URL and cannot be read as a flag or a relative path.
 */
export const apiStandardHandleSchema = z
  .string({ error: "api_standard_handle is required" })
  .min(1, "api_standard_handle is required")
  .max(HANDLE_MAX, `Use at most ${HANDLE_MAX} characters`)
  .regex(/^[a-z0-9][a-z0-9-]*$/, "Use lowercase letters, digits and -, starting with a letter or digit");

const keyMethodSchema = z.enum(KEY_METHODS, { error: INVALID_KEY_METHOD });

const descriptionSchema = z
  .string({ error: "description is required" })
  .trim()
  .min(1, "Describe the standard, ideally with a link to the provider's API documentation")
  .max(1000, "Use at most 1000 characters");

// Which headers may carry a credential: the one rule for standards' key_field and endpoints'
// auth_header (lib/endpoints/schema.ts). The HTTP client sets the CLIENT_SET ones itself; a
// credential in one would be dropped or break the request.
export const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/; // RFC 9110 token
export const HEADER_NAME_MESSAGE = "Use a valid HTTP header name, e.g. Authorization or X-API-Key";
export const CLIENT_SET_HEADERS = /^(host|content-length|content-type|transfer-encoding|connection|upgrade|te|trailer|keep-alive|proxy-.*)$/i;
export const CLIENT_SET_MESSAGE = "This header is set by the HTTP client and cannot carry the credential";
// Unreserved URL characters only, so the name is sent exactly as written.
const QUERY_PARAM_NAME = /^[A-Za-z0-9._~-]+$/;

const keyFieldSchema = z.string({ error: "key_field must be a string" }).max(100, "Use at most 100 characters");

/**
 * The one rule tying key_field to key_method (create, replace, and a PATCH's
 * merged result): a header name for the header methods, a parameter name for
 * query_param, nothing for none. Null when the pair is valid.
 */
export function keyFieldProblem(method: KeyMethod, field: string): string | null {
  if (method === "none") return field === "" ? null : "key_field must be empty when key_method is none: no credential is sent";
  if (field === "") return `key_field is required when key_method is ${method}: name the ${method === "query_param" ? "query parameter" : "header"} that carries the key`;
  if (method === "query_param") return QUERY_PARAM_NAME.test(field) && field.length <= 64 ? null : "Use a query parameter name of letters, digits, . _ ~ and -, up to 64 characters, e.g. key";
  if (!HEADER_NAME.test(field)) return HEADER_NAME_MESSAGE;
  if (CLIENT_SET_HEADERS.test(field)) return CLIENT_SET_MESSAGE;
  return null;
}

const fields = {
  api_standard_handle: apiStandardHandleSchema,
  description: descriptionSchema,
  key_method: keyMethodSchema,
  key_field: keyFieldSchema,
};

function checkKeyField(v: { key_method?: KeyMethod; key_field?: string }, ctx: z.RefinementCtx) {
  if (!v.key_method) return;
  const problem = keyFieldProblem(v.key_method, v.key_field ?? "");
  if (problem) ctx.addIssue({ code: "custom", path: ["key_field"], message: problem });
}

/** POST and PUT: the whole standard; key_field may be left out only for key_method none. */
export const apiStandardInputSchema = z
  .strictObject({ ...fields, key_field: keyFieldSchema.default("") })
  .superRefine(checkKeyField)
  .meta({ id: "ApiStandardInput" });

export type ApiStandardInput = z.input<typeof apiStandardInputSchema>;
export type ApiStandardValues = z.output<typeof apiStandardInputSchema>;

/** PATCH: any subset; the handle, when sent, must be the path's. key_field is checked on the merged result. */
export const apiStandardPatchSchema = z
  .strictObject(fields)
  .partial()
  .refine((v) => Object.keys(v).length > 0, "Send at least one field to change")
  .meta({ id: "ApiStandardPatch" });

export type ApiStandardPatch = z.output<typeof apiStandardPatchSchema>;

export const apiStandardHandleParamsSchema = z.object({ handle: apiStandardHandleSchema });

/** Seed 002's wire shape of an API standard: exactly its four fields. */
export const apiStandardSchema = z
  .strictObject({
    api_standard_handle: z.string(),
    description: z.string(),
    key_method: z.enum(KEY_METHODS),
    key_field: z.string().describe("The header (auth_bearer, auth_apikey) or query parameter (query_param) that carries the key; empty for none"),
  })
  .meta({ id: "ApiStandard" });

export type ApiStandardView = z.infer<typeof apiStandardSchema>;

export const apiStandardListSchema = z.strictObject({ standards: z.array(apiStandardSchema) }).meta({ id: "ApiStandardList" });

export const apiStandardDeletedSchema = z.strictObject({ message: z.string() }).meta({ id: "ApiStandardDeleted" });

/** The console's delete action names only the standard. */
export const deleteApiStandardActionSchema = z.strictObject({ api_standard_handle: apiStandardHandleSchema });
