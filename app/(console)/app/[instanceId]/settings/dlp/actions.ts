"use server";

import { revalidatePath } from "next/cache";
import { instanceAction } from "@/lib/http/with-action";
import { createDlpRuleSchema, deleteDlpRuleActionSchema, updateDlpRuleActionSchema } from "@/lib/dlp/schema";
import { createDlpRule, deleteDlpRule, updateDlpRule } from "@/lib/dlp/service";

// dlp:manage (admins and owners) for every change; the same service and
// schemas as /api/v2/dlp-rules. The audit target is the rule's id.

const refresh = (instanceId: string) => revalidatePath(`/app/${instanceId}/settings/dlp`);

export const createDlpRuleAction = instanceAction(
  { schema: createDlpRuleSchema, permission: "dlp:manage", action: "dlp_rule.create" },
  async (input, ctx) => {
    const rule = await createDlpRule(ctx.instanceId, input, ctx.user);
    ctx.setAuditTarget(rule.id);
    refresh(ctx.instanceId);
    return rule;
  },
);

export const updateDlpRuleAction = instanceAction(
  { schema: updateDlpRuleActionSchema, permission: "dlp:manage", action: "dlp_rule.update", target: (i) => i.id },
  async ({ id, ...patch }, ctx) => {
    const rule = await updateDlpRule(ctx.instanceId, id, patch, ctx.user);
    refresh(ctx.instanceId);
    return rule;
  },
);

export const deleteDlpRuleAction = instanceAction(
  { schema: deleteDlpRuleActionSchema, permission: "dlp:manage", action: "dlp_rule.delete", target: (i) => i.id },
  async ({ id }, ctx) => {
    const deleted = await deleteDlpRule(ctx.instanceId, id, ctx.user);
    refresh(ctx.instanceId);
    return deleted;
  },
);
