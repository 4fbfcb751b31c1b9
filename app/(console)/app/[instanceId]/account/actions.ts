"use server";

import { changePasswordSchema } from "@/lib/auth/schema";
import { currentSessionId } from "@/lib/auth/session";
import { changeOwnPassword } from "@/lib/auth/users";
import { userAction } from "@/lib/http/with-action";

/** Changes the caller's own password; their other sessions end, this one stays. */
export const changePasswordAction = userAction({ schema: changePasswordSchema, action: "user.password_change" }, async (input, ctx) => {
  const { endedSessions } = await changeOwnPassword(ctx.user.id, input.current_password, input.new_password, await currentSessionId());
  ctx.setAuditTarget(`${ctx.user.email} (${endedSessions} other sessions ended)`);
  return { ended_sessions: endedSessions };
});
