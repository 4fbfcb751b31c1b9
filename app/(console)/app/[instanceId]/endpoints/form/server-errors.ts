import type { ActionResult } from "@/lib/http/with-action";

type ActionError = Extract<ActionResult<unknown>, { ok: false }>["error"];

export type PlacedErrors = { fields: Record<string, string>; duplicateOf: string | null };

/**
 * A server answer as errors at the form's fields: field pointers, a duplicate
 * URL (with the endpoint that has it) and an unknown secret. Null when the
 * error belongs to no field (a form-level message).
 */
export function placeServerErrors(error: ActionError): PlacedErrors | null {
  if (error.code === "url_duplicate") {
    const existing = error.details?.existing_endpoint_id;
    return { fields: { url: "An endpoint with this URL already exists in this workspace." }, duplicateOf: typeof existing === "string" ? existing : null };
  }
  if (error.code === "secret_ref_unknown") return { fields: { auth_value_secret_ref: error.message }, duplicateOf: null };
  const fields: Record<string, string> = {};
  for (const f of error.fields ?? []) {
    const name = f.pointer.replace(/^\//, "").split("/")[0];
    if (name && !fields[name]) fields[name] = f.message;
  }
  return Object.keys(fields).length ? { fields, duplicateOf: null } : null;
}
