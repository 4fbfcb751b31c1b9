import { z } from "zod";
import { emailSchema } from "@/lib/auth/schema";

export const roleSchema = z.enum(["owner", "admin", "member", "viewer"]);

export const instanceNameSchema = z.string().trim().min(1, "Enter a name").max(100, "Use at most 100 characters");

export const createInstanceSchema = z.object({ name: instanceNameSchema });
export const renameInstanceSchema = createInstanceSchema.extend({ instance_id: z.string().min(1) });

export const addMemberSchema = z.object({
  email: emailSchema,
  role: roleSchema,
  // Only for a user who has no account yet; shared with them out of band.
  password: z.union([z.literal(""), z.string().min(12, "Use at least 12 characters").max(256)]).optional(),
});

export const changeRoleSchema = z.object({ membership_id: z.string().min(1), role: roleSchema });
export const removeMemberSchema = z.object({ membership_id: z.string().min(1) });

export type AddMemberInput = z.infer<typeof addMemberSchema>;
