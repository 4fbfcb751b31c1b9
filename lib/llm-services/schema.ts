import { z } from "zod";
import { handleSchema } from "@/lib/auth/handles";
import { secretValueSchema } from "@/lib/secrets/schema";
import { apiStandardRefSchema, dimensionsSchema, endpointUrlSchema, WIRE_FORMATS } from "@/lib/endpoints/schema";

// Seed 002's LLM service instances: /api/v2/llm-services/{owner}/{instance_handle}.
// A service instance is an endpoint (lib/endpoints) seen through the seed's
// fields; these are the request and answer shapes of that view.

export const INSTANCE_HANDLE_MAX = 64;

/** A path segment: lowercase letters, digits, ".", "_" and "-", starting with a letter or digit. */
export const instanceHandleSchema = z
  .string()
  .min(1, "Name the service instance")
  .max(INSTANCE_HANDLE_MAX, `Use at most ${INSTANCE_HANDLE_MAX} characters`)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, "Use lowercase letters, digits, . _ and -, starting with a letter or digit");

export const ownerParamsSchema = z.object({ owner: handleSchema });
export const serviceParamsSchema = z.object({ owner: handleSchema, instanceHandle: instanceHandleSchema });

/** PUT: the whole instance, as the seed sends it. Without api_key_encrypted an update keeps the stored key. */
export const putLlmServiceSchema = z
  .strictObject({
    instance_handle: instanceHandleSchema.describe("Must equal the path's {instance_handle}"),
    endpoint: endpointUrlSchema.describe("The URL requests are sent to"),
    api_standard: apiStandardRefSchema.describe("The API standard (GET /api/v2/api-standards) whose key_method places the key"),
    model: z.string().trim().min(1, "Enter the model name the provider expects").max(200, "Use at most 200 characters"),
    dimensions: dimensionsSchema.nullish().describe("The embedding size; the endpoint test checks it"),
    api_key_encrypted: secretValueSchema
      .optional()
      .describe("The provider's key, sent in clear over TLS: it is sealed as a secret of the workspace and never returned. Leave it out on an update to keep the stored key."),
  })
  .meta({ id: "LlmServiceInput" });

export type PutLlmServiceValues = z.output<typeof putLlmServiceSchema>;

export const llmServiceViewSchema = z
  .strictObject({
    owner: z.string().describe("The owner's user handle"),
    instance_handle: z.string(),
    endpoint: z.string(),
    api_standard: z.string().nullable(),
    model: z.string(),
    dimensions: z.number().int().nullable(),
    api_key_encrypted: z.string().nullable().describe("A masked hint of the stored key (e.g. sk-proj...WXYZ), never the key; null when none is stored"),
    endpoint_id: z.string().describe("The endpoint this instance is (GET /api/v2/endpoints/{id}, its test and history)"),
    wire_format: z.enum(WIRE_FORMATS),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: "LlmService" });

export type LlmServiceView = z.infer<typeof llmServiceViewSchema>;

export const llmServiceListSchema = z.strictObject({ owner: z.string(), instances: z.array(llmServiceViewSchema) }).meta({ id: "LlmServiceList" });

export const llmServiceDeletedSchema = z.strictObject({ message: z.string() }).meta({ id: "LlmServiceDeleted" });
