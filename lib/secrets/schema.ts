import { z } from "zod";

// One set of rules for a secret, shared by the console form, the server
// actions, the CLI and the service. Nothing here ever carries a value out:
// the view shape has no value field and is strict.

export const SECRET_NAME_MAX = 64;
/** 16 KiB, counted in UTF-8 bytes (what is sealed), not in characters. */
export const SECRET_VALUE_MAX_BYTES = 16 * 1024;

const NAME_PATTERN = /^[a-z0-9_-]+$/;

export const secretNameSchema = z
  .string({ error: "Enter a name" })
  .min(1, "Enter a name")
  .max(SECRET_NAME_MAX, `Use at most ${SECRET_NAME_MAX} characters`)
  .regex(NAME_PATTERN, "Use lowercase letters, digits, _ and - only");

const byteLength = (s: string) => new TextEncoder().encode(s).length;

export const secretValueSchema = z
  .string({ error: "Enter a value" })
  .refine((v) => v.trim().length > 0, "Enter a value")
  .refine((v) => byteLength(v) <= SECRET_VALUE_MAX_BYTES, "The value is larger than 16 KiB");

export const createSecretSchema = z.object({ name: secretNameSchema, value: secretValueSchema });
export const replaceSecretSchema = createSecretSchema;
export const secretNameInputSchema = z.object({ name: secretNameSchema });
export const deleteSecretSchema = secretNameInputSchema;

export type CreateSecretInput = z.infer<typeof createSecretSchema>;

/** `secret:<name>`, the only way other records point at a secret. */
export const SECRET_REF_PREFIX = "secret:";
export const secretRefSchema = z
  .string()
  .refine((r) => r.startsWith(SECRET_REF_PREFIX) && secretNameSchema.safeParse(r.slice(SECRET_REF_PREFIX.length)).success, {
    message: "Use a reference of the form secret:<name>",
  });

export function secretRef(name: string): string {
  return `${SECRET_REF_PREFIX}${name}`;
}

/** The name inside a well-formed reference, or null. */
export function nameFromRef(ref: string): string | null {
  return secretRefSchema.safeParse(ref).success ? ref.slice(SECRET_REF_PREFIX.length) : null;
}

export const secretUserSchema = z.strictObject({
  kind: z.enum(["endpoint", "llm_config"]),
  id: z.string(),
  name: z.string(),
});

export type SecretUser = z.infer<typeof secretUserSchema>;

/** What a route or page may show about a secret. There is no value field. */
export const secretViewSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  ref: z.string(),
  hint: z.string(),
  key_id: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  updated_by: z.string().nullable(),
  used_by: z.array(secretUserSchema),
});

export type SecretView = z.infer<typeof secretViewSchema>;

const MASK = "••••";
/** However long the value, at least this many characters stay hidden. */
const HIDDEN_MIN = 12;

/**
 * The masked hint stored beside the sealed value: `sk-ant-...WXYZ` for long
 * values (up to 7 leading and the last 4 characters, with at least 12
 * characters always hidden), `••••yz` for 8 to 15 characters, a bare mask
 * below that. Never enough to reconstruct the value.
 */
export function maskedHint(value: string): string {
  const chars = Array.from(value.trim());
  if (chars.length >= 16) {
    const head = Math.max(0, Math.min(7, chars.length - 4 - HIDDEN_MIN));
    return `${chars.slice(0, head).join("")}...${chars.slice(-4).join("")}`;
  }
  if (chars.length >= 8) return `${MASK}${chars.slice(-2).join("")}`;
  return MASK;
}
