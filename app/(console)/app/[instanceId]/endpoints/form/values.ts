import type { ApiStandardView } from "@/lib/api-standards/schema";
import type { WireFormat } from "@/lib/endpoints/wire-formats";
import type { BasicsValues, ConnectionValues } from "./schemas";

// What the endpoint form's client components need besides the schemas, with
// no runtime import of zod: the wizard imports these from here and loads
// ./schemas (and zod with it) only when it validates. ./schemas re-exports
// all of it.

export type { BasicsValues, ConnectionValues };

/** Which wizard step shows a field: the basics step's fields (test/endpoint-form-fields.test.ts checks them against its schema). */
export const BASICS_FIELDS: readonly string[] = ["name", "tags", "owner_user_id", "description"] satisfies (keyof BasicsValues)[];

export const BASICS_DEFAULTS: BasicsValues = { name: "", tags: [], owner_user_id: "current", description: "" };
export const CONNECTION_DEFAULTS: ConnectionValues = {
  url: "",
  wire_format: "chat_completions_v1",
  model: "",
  auth_header: "Authorization",
  auth_value_secret_ref: null,
  api_standard: null,
  dimensions: null,
  request_template: null,
  response_path: null,
};

export const WIRE_FORMAT_LABEL: Record<WireFormat, string> = {
  chat_completions_v1: "Chat completions",
  text_completions_v1: "Text completions",
  messages_v1: "Messages",
  custom_template: "Custom template",
  embeddings_v1: "Embeddings",
};

export type OwnerOption = { value: string; label: string };
export type SecretOption = { name: string; hint: string };
/** The API standards the connection step offers (seed 002's fields). */
export type StandardOption = Pick<ApiStandardView, "api_standard_handle" | "key_method" | "key_field">;
