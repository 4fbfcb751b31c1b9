"use server";

import { AppError } from "@/lib/errors";
import { setupSchema, type SetupInput } from "@/lib/auth/schema";
import { completeSetup } from "@/lib/auth/setup";
import { recordAudit } from "@/lib/audit/service";
import { fieldErrors, toAppError } from "@/lib/http/problem";
import type { ActionResult } from "@/lib/http/with-action";

/** First-run setup; refuses once any user exists (the page is a 404 by then). */
export async function setupAction(raw: SetupInput): Promise<ActionResult<{ email: string }>> {
  try {
    const parsed = setupSchema.safeParse(raw);
    if (!parsed.success) throw new AppError("validation_failed", "Check the highlighted fields", { errors: fieldErrors(parsed.error) });
    const { user, instance } = await completeSetup(parsed.data);
    recordAudit({ instanceId: instance.id, actor: { type: "user", userId: user.id, label: user.email }, action: "setup.complete", target: instance.id });
    return { ok: true, data: { email: user.email } };
  } catch (e) {
    const err = toAppError(e, "setup");
    return { ok: false, error: { code: err.code, message: err.message, fields: err.extras.errors } };
  }
}
