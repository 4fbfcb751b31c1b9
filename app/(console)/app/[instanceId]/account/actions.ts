"use server";

import { changePasswordSchema } from "@/lib/auth/schema";
import { currentSessionId } from "@/lib/auth/session";
import { changeOwnPassword } from "@/lib/auth/users";
import { userAction } from "@/lib/http/with-action";
import { changeOwnHandle } from "@/lib/auth/handle-change";
import { changeHandleSchema } from "./handle-schema";

/** Changes the caller's own password; their other sessions end, this one stays. */
export const changePasswordAction = userAction({ schema: changePasswordSchema, action: "user.password_change" }, async (input, ctx) => {
  const { endedSessions } = await changeOwnPassword(ctx.user.id, input.current_password, input.new_password, await currentSessionId());
  ctx.setAuditTarget(`${ctx.user.email} (${endedSessions} other sessions ended)`);
  return { ended_sessions: endedSessions };
});

/** Changes the caller's own handle (the {owner} of their LLM service instances); a taken one is a field error. */
export const changeHandleAction = userAction({ schema: changeHandleSchema, action: "user.handle_change" }, async (input, ctx) => {
  const { from, to } = await changeOwnHandle(ctx.user.id, input.handle);
  ctx.setAuditTarget(`${ctx.user.email}: ${from} → ${to}`);
  return { handle: to };
});
