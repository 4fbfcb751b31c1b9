// Seed 002's key methods and their labels, without zod: the console's client
// components (the endpoint form's API standard select) import them from here
// so the schemas stay out of their bundle. lib/api-standards/schema.ts
// re-exports them.

export const KEY_METHODS = ["auth_bearer", "auth_apikey", "query_param", "none"] as const;
export type KeyMethod = (typeof KEY_METHODS)[number];

/** What each key method does, in the console's words. */
export const KEY_METHOD_LABELS: Record<KeyMethod, string> = {
  auth_bearer: "Bearer token in a header",
  auth_apikey: "API key in a header",
  query_param: "API key in the query string",
  none: "No authentication",
};
