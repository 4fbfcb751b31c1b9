import { z } from "zod";
import { normalizeCidr } from "@/lib/ip";
import { SCOPES, scopeSchema } from "./scopes";

export const MAX_LIFETIME_SECONDS = 365 * 24 * 60 * 60;
export const DEFAULT_EXPIRY = "90d";
export const EXPIRING_SOON_SECONDS = 7 * 24 * 60 * 60;

/** Console expiry choices; "custom" takes a date. */
export const EXPIRY_CHOICES = [
  { value: "7d", label: "7 days" },
  { value: "30d", label: "30 days" },
  { value: "90d", label: "90 days (recommended)" },
  { value: "180d", label: "180 days" },
  { value: "365d", label: "1 year (maximum)" },
  { value: "custom", label: "Custom date…" },
] as const;

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

/** "30s", "15m", "12h", "90d" → seconds, at most one year. */
export const durationSchema = z
  .string()
  .trim()
  .regex(/^[1-9]\d{0,5}[smhd]$/, "Use a duration such as 30s, 15m, 12h or 90d")
  .transform((v) => Number(v.slice(0, -1)) * UNIT_SECONDS[v.slice(-1) as keyof typeof UNIT_SECONDS])
  .refine((s) => s <= MAX_LIFETIME_SECONDS, "Tokens live at most one year");

export const cidrSchema = z.string().transform((value, ctx) => {
  const cidr = normalizeCidr(value);
  if (!cidr) {
    ctx.addIssue({ code: "custom", message: `"${value}" is not an IPv4 or IPv6 address or CIDR range` });
    return z.NEVER;
  }
  return cidr;
});

/** The allowlist as the form sends it (one text box) or as an array. */
export const cidrListSchema = z.preprocess(
  (v) => (typeof v === "string" ? v.split(/[\s,]+/).filter(Boolean) : v ?? []),
  z.array(cidrSchema).max(50, "At most 50 ranges"),
);

export const tokenNameSchema = z.string().trim().min(1, "Name the token").max(100, "Use at most 100 characters");

export const rateLimitOverrideSchema = z.preprocess(
  (v) => (v === "" || v === undefined ? null : v),
  z.coerce.number().int("Whole requests per minute").min(1).max(100_000).nullable(),
);

/** The fields every token is minted with, workspace or platform (a platform token has no scopes). */
const tokenFields = {
  name: tokenNameSchema,
  expires_in: z.union([z.literal("custom"), durationSchema]).prefault(DEFAULT_EXPIRY),
  /** With expires_in "custom": the day the token stops working (UTC, end of day). */
  expires_on: z.iso.date("Pick a date").optional().or(z.literal("")),
  allowed_cidrs: cidrListSchema,
  rate_limit_per_minute: rateLimitOverrideSchema.optional(),
};

function requireExpiryDate(v: { expires_in: number | "custom"; expires_on?: string }, ctx: z.RefinementCtx): void {
  if (v.expires_in === "custom" && !v.expires_on) {
    ctx.addIssue({ code: "custom", path: ["expires_on"], message: "Pick the expiry date" });
  }
}

export const createTokenSchema = z
  .object({ ...tokenFields, scopes: z.array(scopeSchema).min(1, "Choose at least one scope").max(SCOPES.length) })
  .superRefine(requireExpiryDate);

export type CreateTokenInput = z.input<typeof createTokenSchema>;
export type CreateTokenValues = z.output<typeof createTokenSchema>;

/** A platform token (superadmin routes only): the same fields, no scopes. */
export const createPlatformTokenSchema = z.object(tokenFields).superRefine(requireExpiryDate);

export type CreatePlatformTokenInput = z.input<typeof createPlatformTokenSchema>;
export type CreatePlatformTokenValues = z.output<typeof createPlatformTokenSchema>;

export const tokenIdSchema = z.object({ token_id: z.string().min(1) });

export const TOKEN_STATUSES = ["active", "expiring_soon", "expired", "revoked"] as const;

/** What any page or route may show of a token: never the cleartext or hash. */
export const tokenViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  short_id: z.string(),
  scopes: z.array(scopeSchema),
  allowed_cidrs: z.array(z.string()),
  rate_limit_per_minute: z.number().int().nullable(),
  created_by: z.object({ id: z.string(), email: z.string() }),
  created_at: z.string(),
  expires_at: z.string(),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
  status: z.enum(TOKEN_STATUSES),
  predecessor_short_id: z.string().nullable(),
  successor_short_id: z.string().nullable(),
});

export type TokenView = z.infer<typeof tokenViewSchema>;

/** A platform token as the console lists it: no scopes, no rotation links. */
export const platformTokenViewSchema = tokenViewSchema.omit({ scopes: true, predecessor_short_id: true, successor_short_id: true });

export type PlatformTokenView = z.infer<typeof platformTokenViewSchema>;

/** GET /api/v2/tokens/self */
export const tokenSelfSchema = z.object({
  name: z.string(),
  short_id: z.string(),
  scopes: z.array(scopeSchema),
  expires_at: z.string(),
  instance_id: z.string(),
});
