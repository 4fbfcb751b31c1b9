import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import type { EgressDeps } from "@/lib/egress/guard";
import { uniqueOr } from "@/lib/db/errors";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { instanceExists } from "@/lib/instances/service";
import { withSealLock } from "@/lib/secrets/key-check";
import { maskedHint } from "@/lib/secrets/schema";
import { seal } from "@/lib/secrets/seal";
import { runConnectionTest } from "./connection";
import {
  createLlmConfigSchema,
  llmConfigRuleIssues,
  updateLlmConfigSchema,
  type ConnectionResult,
  type LlmConfigView,
  type Provider,
} from "./schema";
import { CONTROL_PLANE, findConfigRow, sealBinding, scopeOf, type ConfigRow } from "./store";

// The LLM configuration of seed 001: one per scope, the control plane
// (instanceId null) or an instance. Superadmins only; the key goes in sealed
// and never comes out of this module except to the provider call.

export type { ConnectionResult, LlmConfigView } from "./schema";

function toView(row: ConfigRow): LlmConfigView {
  return {
    id: row.id,
    provider: row.provider as Provider,
    model: row.model,
    base_url: row.baseUrl,
    api_key_masked: row.keyHint === "" ? null : row.keyHint,
    instance_id: row.instanceId,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/** The services check the superadmin rule themselves too, so a console action cannot skip it. */
function assertMayConfigure(actor: Actor): void {
  const allowed =
    actor.kind === "cli" ||
    actor.kind === "system" ||
    (actor.kind === "user" && actor.isSuperadmin) ||
    (actor.kind === "token" && actor.isSuperadmin && actor.instanceId === null);
  if (!allowed) throw new AppError("superadmin_required", "Only superadmins may change the LLM configuration");
}

async function assertScope(instanceId: string | null): Promise<void> {
  if (instanceId !== null && !(await instanceExists(instanceId))) throw new AppError("not_found", "Instance not found");
}

const noConfig = () => new AppError("not_found", "No LLM configuration found for this scope");

function assertRules(v: Parameters<typeof llmConfigRuleIssues>[0]): void {
  const issues = llmConfigRuleIssues(v);
  if (issues.length === 0) return;
  const errors = issues.map((i) => ({ pointer: `/${i.field}`, code: "custom", message: i.message }));
  throw new AppError("validation_failed", issues[0].message, { errors });
}

/** The configuration of a scope (null: the control plane), or null when there is none. */
export async function getLlmConfig(instanceId: string | null): Promise<LlmConfigView | null> {
  const row = await findConfigRow(instanceId);
  return row ? toView(row) : null;
}

/** Creates the scope's configuration; 409 when it has one. */
export async function createLlmConfig(instanceId: string | null, input: unknown, actor: Actor): Promise<LlmConfigView> {
  assertMayConfigure(actor);
  const values = createLlmConfigSchema.parse(input);
  await assertScope(instanceId);
  const scope = scopeOf(instanceId);
  const key = values.api_key ?? "";
  const row = await withSealLock("shared", (tx, ring) =>
    uniqueOr(
      tx.llmConfig.create({
        data: {
          id: newId("llm"),
          scope,
          instanceId,
          provider: values.provider,
          model: values.model,
          baseUrl: values.base_url ?? null,
          ...sealedKey(ring.active, scope, key),
        },
        omit: { sealedKey: true },
      }),
      scope === CONTROL_PLANE
        ? "An LLM configuration already exists for the control plane; change it with PATCH or delete it first"
        : "An LLM configuration already exists for this instance; change it with PATCH or delete it first",
    ),
  );
  return toView(row);
}

/** Changes the given fields; the provider rules hold for the result. 404 when the scope has none. */
export async function updateLlmConfig(instanceId: string | null, input: unknown, actor: Actor): Promise<LlmConfigView> {
  assertMayConfigure(actor);
  const values = updateLlmConfigSchema.parse(input);
  await assertScope(instanceId);
  const scope = scopeOf(instanceId);
  const row = await withSealLock("shared", async (tx, ring) => {
    const current = await tx.llmConfig.findUnique({ where: { scope }, omit: { sealedKey: true } });
    if (!current) throw noConfig();
    const provider = values.provider ?? (current.provider as Provider);
    const baseUrl = values.base_url === undefined ? current.baseUrl : values.base_url;
    assertRules({ provider, base_url: baseUrl, hasKey: values.api_key !== undefined || current.keyHint !== "" });
    return tx.llmConfig.update({
      where: { id: current.id },
      data: {
        provider,
        model: values.model ?? current.model,
        baseUrl,
        ...(values.api_key === undefined ? {} : sealedKey(ring.active, scope, values.api_key)),
      },
      omit: { sealedKey: true },
    });
  });
  return toView(row);
}

/** Removes the scope's configuration; AI features fall back to the control plane's, or are off. */
export async function deleteLlmConfig(instanceId: string | null, actor: Actor): Promise<{ id: string }> {
  assertMayConfigure(actor);
  await assertScope(instanceId);
  const row = await findConfigRow(instanceId);
  if (!row) throw noConfig();
  const { count } = await db().llmConfig.deleteMany({ where: { id: row.id } });
  if (count === 0) throw noConfig();
  return { id: row.id };
}

/** Calls the provider's models API with the stored key: is the key valid, is the model listed? */
export async function testLlmConnection(instanceId: string | null, deps?: EgressDeps): Promise<ConnectionResult> {
  await assertScope(instanceId);
  const row = await findConfigRow(instanceId);
  if (!row) throw new AppError("not_found", "No LLM configuration found to test");
  return runConnectionTest(row, deps);
}

/** What AI features of an instance use: its own configuration, else the control plane's, else none. */
export async function effectiveLlmConfig(instanceId: string): Promise<{ source: "instance" | "control-plane"; config: LlmConfigView } | null> {
  const own = await findConfigRow(instanceId);
  if (own) return { source: "instance", config: toView(own) };
  const global = await findConfigRow(null);
  return global ? { source: "control-plane", config: toView(global) } : null;
}

function sealedKey(active: Parameters<typeof seal>[0], scope: string, key: string) {
  const { sealedValue, keyId } = seal(active, sealBinding(scope), key);
  return { sealedKey: sealedValue, keyId, keyHint: key === "" ? "" : maskedHint(key) };
}
