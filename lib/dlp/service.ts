import "server-only";
import { db } from "@/lib/db/client";
import { sql, utc } from "@/lib/db/sql";
import { isUniqueViolation } from "@/lib/db/errors";
import { AppError, invalidField, notFound } from "@/lib/errors";
import { isId, newId } from "@/lib/ids";
import { can, lowestRoleWith } from "@/lib/auth/permissions";
import type { Actor } from "@/lib/auth/actor";
import { actorRoleIn } from "@/lib/instances/service";
import { DETECTORS, detectorById, type BuiltinDetector, type DetectorId } from "./detectors";
import { compilePattern } from "./engine";
import { builtinRuleId, type CreateDlpRuleValues, type DlpAction, type DlpRuleView, type UpdateDlpRuleValues } from "./schema";

// The DLP rules of an instance: the built-in detectors, present in every
// instance (on and blocking until a row in dlp_rules says otherwise), then
// the instance's custom patterns in the order they were made. Every query
// takes the instance id first; another instance's rule does not exist (404).

export const MAX_CUSTOM_RULES = 50;

type Row = NonNullable<Awaited<ReturnType<ReturnType<typeof db>["dlpRule"]["findFirst"]>>>;

function builtinView(detector: BuiltinDetector, row: Row | undefined): DlpRuleView {
  return {
    id: builtinRuleId(detector.id),
    kind: "builtin",
    name: detector.name,
    detector: detector.id,
    pattern: null,
    action: (row?.action ?? "block") as DlpAction,
    enabled: row?.enabled ?? true,
    updated_at: row?.updatedAt.toISOString() ?? null,
  };
}

function customView(row: Row): DlpRuleView {
  return {
    id: row.id,
    kind: "custom",
    name: row.name,
    detector: null,
    pattern: row.pattern,
    action: row.action as DlpAction,
    enabled: row.enabled,
    updated_at: row.updatedAt.toISOString(),
  };
}

/** Every rule of the instance: the six built-ins first, then custom patterns, oldest first. */
export async function listDlpRules(instanceId: string): Promise<DlpRuleView[]> {
  // Read before every endpoint test: one statement (lib/db/sql.ts).
  const rows = await sql<Row>(
    `SELECT id, instance_id AS "instanceId", kind, detector, name, pattern, action, enabled,
            ${utc("created_at")} AS "createdAt", ${utc("updated_at")} AS "updatedAt"
     FROM dlp_rules WHERE instance_id = $1 ORDER BY created_at, id`,
    [instanceId],
    { prepare: true },
  );
  const builtinRows = new Map(rows.filter((r) => r.kind === "builtin").map((r) => [r.detector, r]));
  return [...DETECTORS.map((d) => builtinView(d, builtinRows.get(d.id))), ...rows.filter((r) => r.kind === "custom").map(customView)];
}

/** A built-in detector named by its rule id (builtin:<detector>), or undefined. */
function builtinOf(id: string) {
  return id.startsWith("builtin:") ? detectorById(id.slice("builtin:".length)) : undefined;
}

function findCustom(instanceId: string, id: string) {
  return isId("dlp", id) ? db().dlpRule.findFirst({ where: { id, instanceId, kind: "custom" } }) : Promise.resolve(null);
}

export async function getDlpRule(instanceId: string, id: string): Promise<DlpRuleView> {
  const detector = builtinOf(id);
  if (detector) {
    const row = await db().dlpRule.findFirst({ where: { instanceId, detector: detector.id } });
    return builtinView(detector, row ?? undefined);
  }
  const row = await findCustom(instanceId, id);
  if (!row) throw notFound("DLP rule");
  return customView(row);
}

/**
 * Changing rules needs dlp:manage in the instance. A token acts with its
 * creator's role there (a superadmin's as owner); the CLI and the system are
 * the operator's own.
 */
async function assertCanManage(instanceId: string, actor: Actor): Promise<void> {
  if (!can(await actorRoleIn(actor, instanceId), "dlp:manage")) {
    throw new AppError("forbidden", `Changing DLP rules needs the ${lowestRoleWith("dlp:manage")} role or higher`);
  }
}

export async function createDlpRule(instanceId: string, input: CreateDlpRuleValues, actor: Actor): Promise<DlpRuleView> {
  await assertCanManage(instanceId, actor);
  const count = await db().dlpRule.count({ where: { instanceId, kind: "custom" } });
  if (count >= MAX_CUSTOM_RULES) throw new AppError("conflict", `An instance has at most ${MAX_CUSTOM_RULES} custom patterns; delete one first`);
  const row = await db().dlpRule.create({
    data: { id: newId("dlp"), instanceId, kind: "custom", name: input.name, pattern: input.pattern, action: input.action, enabled: input.enabled },
  });
  return customView(row);
}

/** A built-in detector takes action and enabled; a custom pattern any field. */
export async function updateDlpRule(instanceId: string, id: string, patch: UpdateDlpRuleValues, actor: Actor): Promise<DlpRuleView> {
  await assertCanManage(instanceId, actor);
  const detector = builtinOf(id);
  if (detector) return updateBuiltin(instanceId, detector.id as DetectorId, patch);
  const row = await findCustom(instanceId, id);
  if (!row) throw notFound("DLP rule");
  const updated = await db().dlpRule.update({
    where: { id: row.id },
    data: { name: patch.name, pattern: patch.pattern, action: patch.action, enabled: patch.enabled },
  });
  return customView(updated);
}

async function updateBuiltin(instanceId: string, detector: DetectorId, patch: UpdateDlpRuleValues): Promise<DlpRuleView> {
  for (const field of ["name", "pattern"] as const) {
    if (patch[field] !== undefined) throw invalidField(`/${field}`, `A built-in detector's ${field} cannot be changed; set its action or switch it off`, "read_only");
  }
  const where = { instanceId_detector: { instanceId, detector } };
  const upsert = () =>
    db().dlpRule.upsert({
      where,
      create: { id: newId("dlp"), instanceId, kind: "builtin", detector, name: detectorById(detector)!.name, action: patch.action ?? "block", enabled: patch.enabled ?? true },
      update: { action: patch.action, enabled: patch.enabled },
    });
  let row: Row;
  try {
    row = await upsert();
  } catch (e) {
    // Two first changes of one detector at once: the loser updates the winner's row.
    if (!isUniqueViolation(e)) throw e;
    row = await upsert();
  }
  return builtinView(detectorById(detector)!, row);
}

export async function deleteDlpRule(instanceId: string, id: string, actor: Actor): Promise<{ id: string; name: string }> {
  await assertCanManage(instanceId, actor);
  if (builtinOf(id)) throw new AppError("conflict", "Built-in detectors cannot be deleted; switch one off with PATCH {\"enabled\": false}");
  const row = await findCustom(instanceId, id);
  if (!row) throw notFound("DLP rule");
  await db().dlpRule.delete({ where: { id: row.id } });
  return { id: row.id, name: row.name };
}

export type DlpRuleRef = { ruleId: string; ruleName: string };
export type DlpScan = { blocked: DlpRuleRef | null; reported: DlpRuleRef[] };

/** A scan of texts against one instance's rules (dlpScanner). */
export type DlpScanner = (texts: string[]) => DlpScan;

/**
 * The instance's enabled rules, read once and compiled, as a scan of texts
 * (an outgoing request, an upstream answer: an endpoint test scans both).
 * `blocked` is the first blocking rule that matched, in list order;
 * `reported` every report-only rule that matched. Only rule ids and names
 * come back: never the matched text.
 */
export async function dlpScanner(instanceId: string): Promise<DlpScanner> {
  const rules = (await listDlpRules(instanceId))
    .filter((rule) => rule.enabled)
    .map((rule) => ({ ref: { ruleId: rule.id, ruleName: rule.name }, block: rule.action === "block", test: rule.detector ? detectorById(rule.detector)!.test : compilePattern(rule.pattern!).test }));
  return (texts) => {
    let blocked: DlpRuleRef | null = null;
    const reported: DlpRuleRef[] = [];
    for (const rule of rules) {
      if (blocked && rule.block) continue;
      if (!texts.some((t) => rule.test(t))) continue;
      if (rule.block) blocked = rule.ref;
      else reported.push(rule.ref);
    }
    return { blocked, reported };
  };
}
