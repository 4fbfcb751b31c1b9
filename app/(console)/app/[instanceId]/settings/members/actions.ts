"use server";

import { revalidatePath } from "next/cache";
import { instanceAction } from "@/lib/http/with-action";
import { addMemberSchema, changeRoleSchema, removeMemberSchema } from "@/lib/instances/schema";
import { addMember, changeRole, removeMember } from "@/lib/instances/members";

const refresh = (instanceId: string) => revalidatePath(`/app/${instanceId}/settings/members`);

export const addMemberAction = instanceAction(
  { schema: addMemberSchema, role: "admin", action: "member.add", target: (i) => `${i.email} as ${i.role}` },
  async (input, ctx) => {
    const m = await addMember(ctx.instanceId, input, ctx.role);
    refresh(ctx.instanceId);
    return { id: m.id, email: m.user.email };
  },
);

export const changeRoleAction = instanceAction(
  { schema: changeRoleSchema, role: "admin", action: "member.change_role", target: (i) => i.membership_id },
  async (input, ctx) => {
    const result = await changeRole(ctx.instanceId, input.membership_id, input.role, ctx.role);
    ctx.setAuditTarget(`${result.email}: ${result.from} → ${result.to}`);
    refresh(ctx.instanceId);
    return result;
  },
);

export const removeMemberAction = instanceAction(
  { schema: removeMemberSchema, role: "admin", action: "member.remove", target: (i) => i.membership_id },
  async (input, ctx) => {
    const result = await removeMember(ctx.instanceId, input.membership_id, ctx.role);
    ctx.setAuditTarget(result.email);
    refresh(ctx.instanceId);
    return result;
  },
);
