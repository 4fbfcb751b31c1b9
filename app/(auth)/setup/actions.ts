"use server";

import { setupSchema } from "@/lib/auth/schema";
import { completeSetup } from "@/lib/auth/setup";
import { recordAudit } from "@/lib/audit/service";
import { publicAction } from "@/lib/http/with-action";

/** First-run setup; refuses once any user exists (the page is a 404 by then). */
export const setupAction = publicAction(setupSchema, async (input, meta) => {
  const { user, instance } = await completeSetup(input);
  const actor = { kind: "user", id: user.id, email: user.email, name: null, isSuperadmin: true } as const;
  recordAudit({ instanceId: null, actor, action: "setup.complete", target: `${instance.id} (${instance.name})`, status: 200, ...meta });
  recordAudit({ instanceId: instance.id, actor, action: "instance.create", target: `${instance.id} (${instance.name})`, status: 200, ...meta });
  return { email: user.email };
});
