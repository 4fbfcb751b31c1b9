"use server";

import { setupSchema } from "@/lib/auth/schema";
import { completeSetup } from "@/lib/auth/setup";
import { recordAudit } from "@/lib/audit/service";
import { publicAction } from "@/lib/http/with-action";

/** First-run setup; refuses once any user exists (the page is a 404 by then). */
export const setupAction = publicAction(setupSchema, async (input) => {
  const { user, instance } = await completeSetup(input);
  recordAudit({ instanceId: instance.id, actor: { type: "user", userId: user.id, label: user.email }, action: "setup.complete", target: instance.id });
  return { email: user.email };
});
