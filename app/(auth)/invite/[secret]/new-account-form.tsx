"use client";

import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { acceptWithPasswordSchema } from "@/lib/instances/schema";
import { useActionForm } from "@/components/use-action-form";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/field";
import { acceptWithNewAccountAction } from "./actions";

export function NewAccountForm({ secret, email }: { secret: string; email: string }) {
  const router = useRouter();
  const { form, formError, setFormError, handle } = useActionForm(acceptWithPasswordSchema, { secret, name: "", password: "" });
  const { register, formState } = form;
  const errors = formState.errors;

  const onSubmit = handle(acceptWithNewAccountAction, async (data) => {
    const res = await signIn("credentials", { email, password: form.getValues("password"), redirect: false });
    if (res?.error) setFormError("Your account is ready, but signing in failed. Sign in from the sign-in page.");
    else router.replace(`/app/${data.instance_id}/endpoints`);
  });

  return (
    <form onSubmit={onSubmit} className="space-y-5" noValidate>
      <FormError message={formError} />
      <input type="hidden" {...register("secret")} />
      <Field label="Email" htmlFor="invite-email">
        <Input id="invite-email" value={email} readOnly autoComplete="username" />
      </Field>
      <Field label="Your name" htmlFor="invite-name" error={errors.name?.message}>
        <Input id="invite-name" autoComplete="name" {...register("name")} />
      </Field>
      <Field label="Choose a password" htmlFor="invite-password" error={errors.password?.message} hint="At least 12 characters.">
        <Input id="invite-password" type="password" autoComplete="new-password" {...register("password")} />
      </Field>
      <Button type="submit" className="w-full" pending={formState.isSubmitting}>
        Create account and join
      </Button>
    </form>
  );
}
