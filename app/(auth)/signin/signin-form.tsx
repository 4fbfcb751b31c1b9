"use client";

import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { signInSchema } from "@/lib/auth/schema";
import { useActionForm } from "@/components/use-action-form";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/field";

/** Sign-in goes through next-auth; its answer is mapped onto the ActionResult shape the form hook reads. */
async function signInWithCredentials(values: { email: string; password: string }) {
  const res = await signIn("credentials", { ...values, redirect: false });
  if (res && !res.error) return { ok: true as const, data: null };
  const message = res?.error && res.error !== "CredentialsSignin" ? res.error : "Invalid email or password";
  return { ok: false as const, error: { code: "sign_in_failed", message } };
}

/** Where to go after signing in: the page that sent the user here, or the console. */
export function SignInForm({ returnTo = "/app" }: { returnTo?: string }) {
  const router = useRouter();
  const { form, formError, handle } = useActionForm(signInSchema, { email: "", password: "" });
  const { register, formState } = form;
  const errors = formState.errors;

  const onSubmit = handle(signInWithCredentials, () => {
    router.replace(returnTo);
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} className="space-y-5" noValidate>
      <FormError message={formError} />
      <Field label="Email" htmlFor="email" error={errors.email?.message}>
        <Input id="email" type="email" autoComplete="username" autoFocus aria-invalid={!!errors.email} {...register("email")} />
      </Field>
      <Field label="Password" htmlFor="password" error={errors.password?.message}>
        <Input id="password" type="password" autoComplete="current-password" aria-invalid={!!errors.password} {...register("password")} />
      </Field>
      <Button type="submit" className="w-full" pending={formState.isSubmitting}>
        Sign in
      </Button>
    </form>
  );
}
