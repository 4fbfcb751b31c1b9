"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";
import { recordAudit } from "@/lib/audit/service";
import { getInstance } from "@/lib/instances/service";
import { superadminAction, type ActionContext, type ActionResult } from "@/lib/http/with-action";
import { createLlmConfigSchema, updateLlmConfigSchema, type CreateLlmConfigInput, type UpdateLlmConfigInput } from "@/lib/llm-config/schema";
import { createLlmConfig, deleteLlmConfig, testLlmConnection, updateLlmConfig } from "@/lib/llm-config/service";

// The console's side of /api/v2/llm-config: the same schemas and service,
// superadmins only. Each action names its scope: an instance id (checked for
// shape, then existence) or null for the control plane. The wrapper audits
// every call in the control-plane log; a change to an instance's
// configuration is also written to that instance's log, where the API records
// it. The key is never in an answer, a target or a log line.

type Scope = string | null;

const scopeSchema = z.string().max(40).nullable();
const scoped = <S extends z.ZodType>(input: S) => z.strictObject({ scope: scopeSchema, input });
const scopeName = (scope: Scope) => scope ?? "control-plane";

/** The instance a scope names must exist; a malformed id is as unknown as a missing one. */
async function checkScope(scope: Scope): Promise<void> {
  if (scope !== null && !isId("ins", scope)) throw new AppError("not_found", "Workspace not found");
  if (scope !== null) await getInstance(scope);
}

function done(scope: Scope, action: string, ctx: ActionContext): void {
  if (scope !== null) recordAudit({ instanceId: scope, actor: ctx.user, action, target: scope, status: 200, clientIp: ctx.clientIp, requestId: ctx.requestId });
  // Every workspace's page shows the effective configuration, which a control-plane change moves.
  revalidatePath("/app", "layout");
}

/** Field pointers of the wrapped input ("/input/model") as the form knows them ("/model"). */
function unwrapFields<R>(result: ActionResult<R>): ActionResult<R> {
  if (result.ok || !result.error.fields) return result;
  return { ok: false, error: { ...result.error, fields: result.error.fields.map((f) => ({ ...f, pointer: f.pointer.replace(/^\/input(?=\/|$)/, "") })) } };
}

const create = superadminAction(
  { schema: scoped(createLlmConfigSchema), action: "llm_config.create", target: (i) => scopeName(i.scope) },
  async ({ scope, input }, ctx) => {
    await checkScope(scope);
    const config = await createLlmConfig(scope, input, ctx.user);
    done(scope, "llm_config.create", ctx);
    return config;
  },
);

const update = superadminAction(
  { schema: scoped(updateLlmConfigSchema), action: "llm_config.update", target: (i) => scopeName(i.scope) },
  async ({ scope, input }, ctx) => {
    await checkScope(scope);
    const config = await updateLlmConfig(scope, input, ctx.user);
    done(scope, "llm_config.update", ctx);
    return config;
  },
);

const remove = superadminAction(
  { schema: scoped(z.strictObject({})), action: "llm_config.delete", target: (i) => scopeName(i.scope) },
  async ({ scope }, ctx) => {
    await checkScope(scope);
    await deleteLlmConfig(scope, ctx.user);
    done(scope, "llm_config.delete", ctx);
    return { scope: scopeName(scope) };
  },
);

const test = superadminAction(
  { schema: scoped(z.strictObject({})), action: "llm_config.test_connection", target: (i) => scopeName(i.scope) },
  async ({ scope }, ctx) => {
    await checkScope(scope);
    const result = await testLlmConnection(scope);
    done(scope, "llm_config.test_connection", ctx);
    return result;
  },
);

export async function createLlmConfigAction(scope: Scope, input: CreateLlmConfigInput) {
  return unwrapFields(await create({ scope, input }));
}

export async function updateLlmConfigAction(scope: Scope, input: UpdateLlmConfigInput) {
  return unwrapFields(await update({ scope, input }));
}

export async function deleteLlmConfigAction(scope: Scope) {
  return remove({ scope, input: {} });
}

export async function testLlmConnectionAction(scope: Scope) {
  return test({ scope, input: {} });
}
