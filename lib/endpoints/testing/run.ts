import "server-only";
import { guardedFetch, EgressError, type EgressDeps } from "@/lib/egress/guard";
import { openSecret } from "@/lib/secrets/resolve";
import { config } from "@/lib/config";
import { nameFromRef } from "@/lib/secrets/schema";
import type { DlpScanner } from "@/lib/dlp/service";
import type { EndpointView } from "../schema";
import { buildRequest, checkResponse, DEFAULT_PROMPT, stringsIn } from "./wire-formats";
import { credentialRuleOf } from "../standard";
import { placeCredential, secretSpellings, sendsSecret, withQuery } from "./credential";
import { forStatus, type Outcome } from "./outcome";

// One endpoint test: build the request for the wire format, check it against
// the instance's DLP rules, attach the credential (opened from the secrets
// store for this call only), send it through the egress guard, and judge the
// answer field by field. The same code runs for a saved endpoint and for the
// wizard's draft. A key placed in the query string exists only in the URL
// handed to the guard: what is kept (detail, history) masks every spelling of
// it, and the guard's messages name the host and port only.

export type Testable = Pick<EndpointView, "url" | "wire_format" | "model" | "auth_header" | "auth_value_secret_ref" | "request_template" | "response_path"> & {
  api_standard?: string | null;
  dimensions?: number | null;
};

/** The outcome, with the report-only DLP rules that matched (by id and name: never the text). */
export type RunResult = Outcome & { latencyMs: number; reported: { ruleId: string; ruleName: string }[] };

/**
 * Runs the test and answers its outcome (a DLP block is an outcome too: reason dlp_blocked, with
 * the rule). `scan` is the instance's DLP rules (dlpScanner): the caller loads them, alongside the endpoint.
 */
export async function runEndpointTest(instanceId: string, endpoint: Testable, scan: DlpScanner, prompt = DEFAULT_PROMPT, deps?: EgressDeps): Promise<RunResult> {
  const request = buildRequest(endpoint, prompt);
  const before = scan(stringsIn(request.doc));
  const reported = [...before.reported];
  if (before.blocked) return dlpBlocked(before.blocked, "request", { upstreamStatus: null, latencyMs: 0 }, reported);

  const rule = await credentialRuleOf(endpoint);
  const name = endpoint.auth_value_secret_ref && sendsSecret(rule) ? nameFromRef(endpoint.auth_value_secret_ref) : null;
  const secret = name ? (await openSecret(instanceId, name)).value : null;
  const secrets = secretSpellings(secret);
  const placed = placeCredential(rule, secret);
  const started = performance.now();
  let status: number;
  let body: string;
  try {
    const res = await guardedFetch(
      {
        url: withQuery(endpoint.url, placed.query),
        method: "POST",
        headers: { ...request.headers, ...placed.headers },
        body: request.body,
        connectTimeoutMs: config().PENAXTRA_EGRESS_CONNECT_TIMEOUT_MS,
        totalTimeoutMs: config().PENAXTRA_EGRESS_TIMEOUT_MS,
      },
      deps,
    );
    status = res.status;
    body = res.body;
  } catch (e) {
    const latencyMs = Math.round(performance.now() - started);
    if (e instanceof EgressError) return { upstreamStatus: null, verdict: "fail", reason: e.reason, detail: e.message, latencyMs, reported };
    throw e;
  }
  const latencyMs = Math.round(performance.now() - started);
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    doc = undefined;
  }
  // DLP reads every answer, error pages included, before any of it is kept: the raw bytes and
  // the decoded strings (a JSON escape cannot hide a match).
  const after = scan([body, ...stringsIn(doc)]);
  reported.push(...after.reported);
  if (after.blocked) return dlpBlocked(after.blocked, "response", { upstreamStatus: status, latencyMs }, reported);
  const byStatus = forStatus(status, secret !== null, body, secrets);
  if (byStatus) return { ...byStatus, latencyMs, reported };
  if (doc === undefined) return { upstreamStatus: status, verdict: "fail", reason: "schema_mismatch", detail: "The endpoint's answer is not JSON.", latencyMs, reported };
  const check = checkResponse(endpoint, doc);
  if (!check.ok) {
    return { upstreamStatus: status, verdict: "fail", reason: "schema_mismatch", detail: `The answer does not match ${endpoint.wire_format}: ${check.field} ${check.problem}.`, latencyMs, reported };
  }
  return { upstreamStatus: status, verdict: "pass", reason: null, detail: `The endpoint answered in ${endpoint.wire_format} format.`, latencyMs, reported };
}

/** A DLP block as an outcome: the rule's id and name, never the matched text. */
function dlpBlocked(
  rule: { ruleId: string; ruleName: string },
  where: "request" | "response",
  at: { upstreamStatus: number | null; latencyMs: number },
  reported: RunResult["reported"],
): RunResult {
  const detail =
    where === "request"
      ? `The test request matches the DLP rule "${rule.ruleName}" and was not sent.`
      : `The endpoint's answer matches the DLP rule "${rule.ruleName}".`;
  return { upstreamStatus: at.upstreamStatus, verdict: "fail", reason: "dlp_blocked", detail, dlpRuleId: rule.ruleId, latencyMs: at.latencyMs, reported };
}
