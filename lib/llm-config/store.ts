import "server-only";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { ensureKeyring } from "@/lib/secrets/key-check";
import { open, SealRefusedError, type Binding } from "@/lib/secrets/seal";

// The llm_configs rows: one per scope. `scope` is the instance id, or
// "control-plane" for the configuration of the control plane (instance_id
// null). The key is sealed like every secret, bound to the scope and the
// name "llm-config", so a sealed key copied to another scope does not open.

export const CONTROL_PLANE = "control-plane";
export const SEAL_NAME = "llm-config";

export const scopeOf = (instanceId: string | null): string => instanceId ?? CONTROL_PLANE;

export const sealBinding = (scope: string): Binding => ({ instanceId: scope, name: SEAL_NAME });

/** Looks a scope up by the column that names it: an instance never matches the control plane's row. */
const whereScope = (instanceId: string | null) => (instanceId === null ? { scope: CONTROL_PLANE } : { instanceId });

export async function findConfigRow(instanceId: string | null) {
  return db().llmConfig.findFirst({ where: whereScope(instanceId), omit: { sealedKey: true } });
}

export type ConfigRow = NonNullable<Awaited<ReturnType<typeof findConfigRow>>>;

/**
 * The row's API key ("" when none is set). A row re-sealed by a concurrent
 * rotation is read again once before the open is refused.
 */
export async function openConfigKey(row: Pick<ConfigRow, "id">): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const sealed = await db().llmConfig.findUnique({ where: { id: row.id }, select: { scope: true, keyId: true, sealedKey: true } });
    if (!sealed) throw new AppError("not_found", "No LLM configuration found for this scope");
    const ring = await ensureKeyring();
    try {
      return open(ring, { ...sealBinding(sealed.scope), keyId: sealed.keyId, sealedValue: sealed.sealedKey });
    } catch (e) {
      if (!(e instanceof SealRefusedError)) throw e;
      if (e.reason === "unknown_key" && attempt === 0) continue;
      log.error({ llmConfigScope: sealed.scope, keyId: sealed.keyId, reason: e.reason }, "sealed LLM key refused to open");
      throw new AppError("secret_unreadable", "The LLM configuration's API key could not be opened; set the key again (PATCH api_key)");
    }
  }
}
