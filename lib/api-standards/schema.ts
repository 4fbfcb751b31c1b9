import { z } from "zod";

export const KEY_METHODS = ["auth_bearer", "auth_apikey", "query_param", "none"] as const;

/** Seed 002's wire shape of an API standard. */
export const apiStandardSchema = z.object({
  api_standard_handle: z.string(),
  description: z.string(),
  key_method: z.enum(KEY_METHODS),
  key_field: z.string(),
});

export type ApiStandardView = z.infer<typeof apiStandardSchema>;
