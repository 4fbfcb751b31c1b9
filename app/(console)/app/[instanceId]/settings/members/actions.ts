"use server";

import { revalidatePath } from "next/cache";
import { instanceAction } from "@/lib/http/with-action";
import { changeRoleSchema, invitationIdSchema, inviteMemberSchema, removeMemberSchema } from "@/lib/instances/schema";
import { changeRole, removeMember } from "@/lib/instances/members";
import { createInvitation, revokeInvitation } from "@/lib/instances/invitations";

const refresh = (instanceId: string) => revalidatePath(`/app/${instanceId}/settings/members`);

/**
 * Invites an e-mail with a role. The answer is the same whether the address
 * has an account or not: a one-time link, shown once.
 */
export const inviteMemberAction = instanceAction(
  { schema: inviteMemberSchema, permission: "members:manage", action: "member.invite", target: (i) => `${i.email} as ${i.role}` },
  async (input, ctx) => {
    const { secret, invitation } = await createInvitation(ctx.instanceId, input, ctx.user, ctx.role);
    ctx.setAuditTarget(`${invitation.id}: ${invitation.email} as ${invitation.role}`);
    refresh(ctx.instanceId);
    return { path: `/invite/${secret}`, email: invitation.email, role: invitation.role, expires_at: invitation.expires_at };
  },
);

export const revokeInvitationAction = instanceAction(
  { schema: invitationIdSchema, permission: "members:manage", action: "member.invitation_revoke", target: (i) => i.invitation_id },
  async (input, ctx) => {
    const invitation = await revokeInvitation(ctx.instanceId, input.invitation_id);
    ctx.setAuditTarget(`${invitation.id}: ${invitation.email}`);
    refresh(ctx.instanceId);
    return { id: invitation.id };
  },
);

export const changeRoleAction = instanceAction(
  { schema: changeRoleSchema, permission: "members:manage", action: "member.change_role", target: (i) => i.membership_id },
  async (input, ctx) => {
    const result = await changeRole(ctx.instanceId, input.membership_id, input.role, ctx.role);
    ctx.setAuditTarget(`${result.email}: ${result.from} → ${result.to}`);
    refresh(ctx.instanceId);
    return result;
  },
);

export const removeMemberAction = instanceAction(
  { schema: removeMemberSchema, permission: "members:manage", action: "member.remove", target: (i) => i.membership_id },
  async (input, ctx) => {
    const result = await removeMember(ctx.instanceId, input.membership_id, ctx.role);
    ctx.setAuditTarget(`${result.email} (${result.tokensRevoked} tokens revoked)`);
    refresh(ctx.instanceId);
    return { email: result.email, tokens_revoked: result.tokensRevoked };
  },
);
