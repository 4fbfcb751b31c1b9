import type { KeyMethod } from "@/lib/api-standards/schema";

// Where an endpoint's credential goes on the wire, decided in this one place
// (docs/endpoints.md, "Credential placement"):
// - a custom header (auth_header): with "Authorization", a value without a
//   scheme word is sent as "Bearer <value>"; any other header gets it as is;
// - an API standard (seed 002) by its key_method: auth_bearer →
//   "<key_field>: Bearer <key>", auth_apikey → "<key_field>: <key>",
//   query_param → the key_field query parameter, none → nothing.

const HAS_SCHEME = /^[A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*\s+\S/;
const BEARER = /^bearer\s+\S/i;

export type CredentialRule = { kind: "header"; header: string } | { kind: "standard"; keyMethod: KeyMethod; keyField: string } | { kind: "none" };

export type Placement = { headers: Record<string, string>; query: Record<string, string> };

const NOTHING: Placement = { headers: {}, query: {} };

/** The headers and query parameters that carry the secret under the rule; nothing without a value. */
export function placeCredential(rule: CredentialRule, secretValue: string | null): Placement {
  if (secretValue === null) return NOTHING;
  switch (rule.kind) {
    case "none":
      return NOTHING;
    case "header": {
      const value = rule.header.toLowerCase() === "authorization" && !HAS_SCHEME.test(secretValue) ? `Bearer ${secretValue}` : secretValue;
      return { headers: { [rule.header]: value }, query: {} };
    }
    case "standard":
      switch (rule.keyMethod) {
        case "auth_bearer":
          // The standard's key_field (seed 002: "Authorization"); a value already starting with "Bearer " is not doubled.
          return { headers: { [rule.keyField || "Authorization"]: BEARER.test(secretValue) ? secretValue : `Bearer ${secretValue}` }, query: {} };
        case "auth_apikey":
          return { headers: { [rule.keyField]: secretValue }, query: {} };
        case "query_param":
          return { headers: {}, query: { [rule.keyField]: secretValue } };
        case "none":
          return NOTHING;
      }
  }
}

/** Whether the rule sends a secret at all (an API standard with key_method none does not). */
export function sendsSecret(rule: CredentialRule): boolean {
  return rule.kind === "header" || (rule.kind === "standard" && rule.keyMethod !== "none");
}

/** The URL with the query parameters added (a parameter of the same name is replaced). */
export function withQuery(url: string, query: Record<string, string>): string {
  const entries = Object.entries(query);
  if (entries.length === 0) return url;
  const out = new URL(url);
  for (const [name, value] of entries) out.searchParams.set(name, value);
  return out.href;
}

/**
 * Every spelling of the secret that could come back in an upstream's bytes:
 * as is, and as a query string encodes it (percent escapes, "+" for spaces).
 * All of them are masked in whatever is kept.
 */
export function secretSpellings(secretValue: string | null): string[] {
  if (!secretValue) return [];
  const form = new URLSearchParams({ k: secretValue }).toString().slice(2);
  return [...new Set([secretValue, encodeURIComponent(secretValue), form])];
}
