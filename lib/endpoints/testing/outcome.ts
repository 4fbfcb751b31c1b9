// The verdict of one endpoint test: a reason code and one plain sentence.
// Details never carry a credential, a query string or more than a short,
// redacted excerpt of what the upstream sent.

export const TEST_REASONS = [
  "auth_header_missing",
  "auth_rejected",
  "schema_mismatch",
  "tls_failure",
  "timeout",
  "dns_failure",
  "connection_refused",
  "egress_blocked",
  "redirect_refused",
  "response_too_large",
  "upstream_error",
  "unexpected_status",
  "invalid_url",
  "dlp_blocked",
] as const;

export type TestReason = (typeof TEST_REASONS)[number];

export type Outcome = {
  upstreamStatus: number | null;
  verdict: "pass" | "fail";
  reason: TestReason | null;
  detail: string;
  dlpRuleId?: string | null;
};

const EXCERPT = 80;

/**
 * A short excerpt of upstream bytes, with every known secret, query string
 * and long token-like run masked (an upstream may echo our request).
 */
export function excerpt(text: string, secrets: string[]): string {
  // Control characters go too: PostgreSQL refuses a NUL in text, and the excerpt is stored.
  let out = text.replace(/[\u0000-\u001f\u007f\s]+/g, " ").trim().slice(0, EXCERPT * 4);
  for (const s of secrets) if (s) out = out.split(s).join("[redacted]");
  out = out.replace(/\?[^\s"'<>]*/g, "?[redacted]");
  out = out.replace(/(bearer|basic|token)\s+\S+/gi, "$1 [redacted]");
  out = out.replace(/[A-Za-z0-9_\-]{24,}/g, "[redacted]");
  return out.length > EXCERPT ? `${out.slice(0, EXCERPT)}…` : out;
}

export function forStatus(status: number, hasCredential: boolean, body: string, secrets: string[]): Outcome | null {
  if (status === 401 || status === 403) {
    return hasCredential
      ? { upstreamStatus: status, verdict: "fail", reason: "auth_rejected", detail: `The endpoint refused the credential (HTTP ${status}).` }
      : { upstreamStatus: status, verdict: "fail", reason: "auth_header_missing", detail: `The endpoint wants a credential (HTTP ${status}) and none is configured.` };
  }
  if (status >= 500) return { upstreamStatus: status, verdict: "fail", reason: "upstream_error", detail: `The endpoint failed with HTTP ${status}: "${excerpt(body, secrets)}".` };
  if (status < 200 || status >= 300) return { upstreamStatus: status, verdict: "fail", reason: "unexpected_status", detail: `The endpoint answered HTTP ${status}: "${excerpt(body, secrets)}".` };
  return null;
}
