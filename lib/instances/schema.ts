import { z } from "zod";
import { emailSchema, newPasswordSchema } from "@/lib/auth/schema";
import { ROLES, type Role } from "@/lib/auth/roles";

export const roleSchema = z.enum(ROLES as [Role, ...Role[]]);
export const instanceNameSchema = z.string().trim().min(1, "Enter a name").max(100, "Use at most 100 characters");
export const createInstanceSchema = z.object({ name: instanceNameSchema });
export const renameInstanceSchema = createInstanceSchema.extend({ instance_id: z.string().min(1).max(40) });

/** The operator CLI's member:add (the console invites instead). */
export const addMemberSchema = z.object({ email: emailSchema, role: roleSchema });
export type AddMemberInput = z.infer<typeof addMemberSchema>;

export const inviteMemberSchema = z.object({ email: emailSchema, role: roleSchema });
export type InviteMemberInput = z.infer<typeof inviteMemberSchema>;

export const invitationIdSchema = z.object({ invitation_id: z.string().min(1).max(40) });

/** The secret part of an invitation link. */
export const invitationSecretSchema = z.string().regex(/^[0-9A-Za-z]{32}$/, "This invitation link is not valid");

/** A new user accepting an invitation by setting their own password. */
export const acceptWithPasswordSchema = z.object({
  secret: invitationSecretSchema,
  name: z.string().trim().max(100).optional(),
  password: newPasswordSchema,
});

export const acceptWithLinkSchema = z.object({ secret: invitationSecretSchema });

export const changeRoleSchema = z.object({ membership_id: z.string().min(1).max(40), role: roleSchema });
export const removeMemberSchema = z.object({ membership_id: z.string().min(1).max(40) });

export const INVITATION_STATUSES = ["pending", "accepted", "declined", "revoked", "expired"] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];
