import { z } from "zod";
import { wellFormed } from "@/lib/well-formed";

// Well-formed first: a lone surrogate would make the user lookup throw before the failure is audited.
export const normalizeEmail = (email: string) => wellFormed(email).trim().toLowerCase();

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address").max(254));

export const newPasswordSchema = z
  .string()
  .min(12, "Use at least 12 characters")
  .max(256, "Use at most 256 characters");

export const signInSchema = z.object({
  email: z.string().trim().min(1, "Enter your email").max(254),
  password: z.string().min(1, "Enter your password").max(256),
});

export const setupSchema = z.object({
  name: z.string().trim().max(100).optional(),
  email: emailSchema,
  password: newPasswordSchema,
  instance_name: z.string().trim().min(1, "Name the first workspace").max(100),
});

export type SetupInput = z.infer<typeof setupSchema>;

export const changePasswordSchema = z
  .object({
    current_password: z.string().min(1, "Enter your current password").max(256),
    new_password: newPasswordSchema,
    confirm_password: z.string().max(256),
  })
  .refine((v) => v.new_password === v.confirm_password, { path: ["confirm_password"], message: "The two new passwords differ" })
  .refine((v) => v.new_password !== v.current_password, { path: ["new_password"], message: "Choose a password you are not using now" });
