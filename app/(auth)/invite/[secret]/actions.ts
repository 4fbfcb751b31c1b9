"use server";

import { recordAudit } from "@/lib/audit/service";
import { publicAction, userAction } from "@/lib/http/with-action";
import { acceptInvitation, acceptWithNewAccount, declineInvitation, invitationByLink } from "@/lib/instances/invitations";
import { isAppError } from "@/lib/errors";
import type { RequestMeta } from "@/lib/http/request-meta";
import { acceptWithLinkSchema, acceptWithPasswordSchema, invitationIdSchema } from "@/lib/instances/schema";

/**
 * A new user accepts through the link by choosing their own password (then
 * signs in). An attempt for an e-mail that already has an account changes
 * nothing and is audited in the instance: the link is the invitee's, and an
 * admin who uses it to probe for accounts leaves a trace.
 */
export const acceptWithNewAccountAction = publicAction(acceptWithPasswordSchema, async (input, meta) => {
  const joined = await acceptWithNewAccount(input.secret, { name: input.name, password: input.password }).catch((e: unknown) => {
    if (isAppError(e) && e.code === "already_exists") void auditExistingAccountAttempt(input.secret, meta);
    throw e;
  });
  const actor = { kind: "user", id: joined.userId, email: joined.email, name: input.name ?? null, isSuperadmin: false } as const;
  recordAudit({ instanceId: joined.instanceId, actor, action: "member.join", target: `${joined.email} (new account, by invitation)`, status: 200, ...meta });
  return { email: joined.email, instance_id: joined.instanceId };
});

/** A signed-in user accepts an invitation addressed to their e-mail, by link or from their list. */
export const acceptInvitationAction = userAction(
  { schema: acceptWithLinkSchema.or(invitationIdSchema), action: "invitation.accept" },
  async (input, ctx) => {
    const joined = await acceptInvitation(ctx.user, "secret" in input ? { secret: input.secret } : { id: input.invitation_id });
    ctx.setAuditTarget(`${joined.instanceId} as ${joined.role}`);
    recordAudit({ instanceId: joined.instanceId, actor: ctx.user, action: "member.join", target: `${ctx.user.email} as ${joined.role}`, status: 200, clientIp: ctx.clientIp, requestId: ctx.requestId });
    return { instance_id: joined.instanceId };
  },
);

export const declineInvitationAction = userAction({ schema: invitationIdSchema, action: "invitation.decline" }, async (input, ctx) => {
  const declined = await declineInvitation(ctx.user, input.invitation_id);
  ctx.setAuditTarget(declined.instanceId);
  recordAudit({ instanceId: declined.instanceId, actor: ctx.user, action: "member.invitation_declined", target: ctx.user.email, status: 200, clientIp: ctx.clientIp, requestId: ctx.requestId });
  return { instance_id: declined.instanceId };
});

async function auditExistingAccountAttempt(secret: string, meta: RequestMeta): Promise<void> {
  const invitation = await invitationByLink(secret);
  if (!invitation) return;
  recordAudit({
    instanceId: invitation.instance.id,
    actor: null,
    action: "invitation.new_account_refused",
    target: `${invitation.id}: ${invitation.email} already has an account`,
    status: 409,
    ...meta,
  });
}
