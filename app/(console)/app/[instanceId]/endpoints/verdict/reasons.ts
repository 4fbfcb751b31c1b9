import type { TestReason } from "@/lib/endpoints/testing/outcome";
import type { EndpointTestView } from "@/lib/endpoints/testing/schema";

/** One run's verdict: a stored test, or the wizard's draft test (no ids). */
export type Verdict = Omit<EndpointTestView, "test_id" | "endpoint_id">;

/** Each reason code in plain words. */
export const REASON_LABEL: Record<TestReason, string> = {
  auth_header_missing: "Credential missing",
  auth_rejected: "Credential rejected",
  schema_mismatch: "Unexpected answer format",
  tls_failure: "TLS handshake failed",
  timeout: "Timed out",
  dns_failure: "Host not found",
  connection_refused: "Connection refused",
  egress_blocked: "Blocked by the egress policy",
  redirect_refused: "Redirect refused",
  response_too_large: "Answer too large",
  upstream_error: "Upstream server error",
  unexpected_status: "Unexpected HTTP status",
  invalid_url: "Invalid URL",
  dlp_blocked: "Blocked by a DLP rule",
};

export function reasonLabel(reason: TestReason | null): string {
  return reason ? REASON_LABEL[reason] : "Answered as expected";
}

export function formatLatency(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

const SECONDS = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

/** A run's time to the second (runs a few seconds apart stay apart), UTC, without the zone's name. */
export function formatRunTime(iso: string): string {
  return SECONDS.format(new Date(iso));
}

const RELATIVE = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
];

/** "just now", "5 minutes ago", "yesterday"; days for anything older than a day. */
export function relativeTime(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  for (const [unit, size] of UNITS) if (Math.abs(seconds) >= size) return RELATIVE.format(Math.trunc(seconds / size), unit);
  return "just now";
}
