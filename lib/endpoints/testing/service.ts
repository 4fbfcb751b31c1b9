import "server-only";
import { db } from "@/lib/db/client";
import { after, decodeCursor, page } from "@/lib/db/cursor";
import { AppError, notFound } from "@/lib/errors";
import { sql, utcParam } from "@/lib/db/sql";
import { isForeignKeyViolation } from "@/lib/db/errors";
import { newId } from "@/lib/ids";
import type { EndpointTest, Prisma as P } from "@/lib/db/generated/client";
import { actorLabel, type Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/service";
import type { EgressDeps } from "@/lib/egress/guard";
import { checkedUrl, getEndpoint } from "../service";
import { assertMaySendSecret } from "../secret-use";
import { assertSecretRef } from "@/lib/secrets/resolve";
import { dlpScanner } from "@/lib/dlp/service";
import { runEndpointTest, type RunResult, type Testable } from "./run";
import type { TestHistoryQuery } from "./schema";
import { toTestView, type EndpointTestView } from "./view";

// Stored test runs: every run of a saved endpoint is kept; a draft's run
// (the wizard, before create) is not.

/** Report-only DLP matches are audited (rule id and name, never the text). */
function auditReported(instanceId: string, actor: Actor, result: RunResult, subject: string): void {
  for (const rule of result.reported) {
    recordAudit({ instanceId, actor, action: "dlp.reported", target: `${rule.ruleId} (${rule.ruleName}) in a test of ${subject}`, status: 200 });
  }
}

/** A 422 for a DLP block, naming the rule (and the stored run, if any). */
function refuseIfBlocked(result: RunResult, testId: string | null): void {
  if (result.reason !== "dlp_blocked") return;
  throw new AppError("dlp_blocked", result.detail, { members: { rule_id: result.dlpRuleId, ...(testId ? { test_id: testId } : {}) } });
}

/** The run's history row, in one statement (lib/db/sql.ts); the endpoint deleted meanwhile is a 404. */
async function storeRun(instanceId: string, endpointId: string, result: RunResult, actor: string): Promise<EndpointTest> {
  const row: EndpointTest = {
    id: newId("tst"),
    instanceId,
    endpointId,
    testedAt: new Date(),
    upstreamStatus: result.upstreamStatus,
    latencyMs: result.latencyMs,
    verdict: result.verdict,
    reason: result.reason,
    detail: result.detail,
    dlpRuleId: result.dlpRuleId ?? null,
    actorLabel: actor,
  };
  try {
    await sql(
      `INSERT INTO endpoint_tests (id, instance_id, endpoint_id, tested_at, upstream_status, latency_ms, verdict, reason, detail, dlp_rule_id, actor_label)
       VALUES ($1, $2, $3, ${utcParam(4)}, $5, $6, $7, $8, $9, $10, $11)`,
      [row.id, instanceId, endpointId, row.testedAt.toISOString(), row.upstreamStatus, row.latencyMs, row.verdict, row.reason, row.detail, row.dlpRuleId, row.actorLabel],
      { prepare: true },
    );
  } catch (e) {
    if (isForeignKeyViolation(e)) throw notFound("Endpoint");
    throw e;
  }
  return row;
}

/** Tests a saved endpoint and stores the run. */
export async function testEndpoint(instanceId: string, endpointId: string, actor: Actor, prompt?: string, deps?: EgressDeps): Promise<EndpointTestView> {
  // Two independent reads, side by side.
  const [endpoint, scan] = await Promise.all([getEndpoint(instanceId, endpointId), dlpScanner(instanceId)]);
  const result = await runEndpointTest(instanceId, endpoint, scan, prompt, deps);
  const row = await storeRun(instanceId, endpoint.id, result, actorLabel(actor));
  auditReported(instanceId, actor, result, endpoint.id);
  refuseIfBlocked(result, row.id);
  return toTestView(row);
}

/**
 * Tests an endpoint that is not saved yet (the wizard): the same rules as
 * saving it (URL, the secret and who may send it) and the same run; nothing
 * is stored.
 */
export async function testDraft(instanceId: string, draft: Testable, actor: Actor, prompt?: string, deps?: EgressDeps): Promise<Omit<EndpointTestView, "test_id" | "endpoint_id">> {
  const { url } = checkedUrl(draft.url);
  if (draft.auth_value_secret_ref) {
    await assertSecretRef(instanceId, draft.auth_value_secret_ref);
    await assertMaySendSecret(instanceId, draft.auth_value_secret_ref, actor);
  }
  const result = await runEndpointTest(instanceId, { ...draft, url }, await dlpScanner(instanceId), prompt, deps);
  auditReported(instanceId, actor, result, "an unsaved endpoint");
  refuseIfBlocked(result, null);
  return {
    tested_at: new Date().toISOString(),
    upstream_status: result.upstreamStatus,
    latency_ms: result.latencyMs,
    verdict: result.verdict,
    reason: result.reason,
    detail: result.detail,
  };
}

/** An endpoint's test history, newest first. */
export async function listTests(instanceId: string, endpointId: string, q: TestHistoryQuery) {
  await getEndpoint(instanceId, endpointId);
  const rows = await db().endpointTest.findMany({
    where: { AND: [{ instanceId, endpointId }, ...(q.cursor ? [after<P.EndpointTestWhereInput>(decodeCursor(q.cursor), "testedAt")] : [])] },
    orderBy: [{ testedAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
  });
  const { rows: kept, next } = page(rows.map((r) => ({ ...r, createdAt: r.testedAt })), q.limit);
  return { data: kept.map(toTestView), next_cursor: next };
}
