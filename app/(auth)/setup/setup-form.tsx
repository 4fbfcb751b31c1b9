"use client";

import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { setupSchema } from "@/lib/auth/schema";
import { useActionForm } from "@/components/use-action-form";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/field";
import { setupAction } from "./actions";

export function SetupForm() {
  const router = useRouter();
  const { form, formError, setFormError, handle } = useActionForm(setupSchema, { name: "", email: "", password: "", instance_name: "" });
  const { register, formState } = form;
  const errors = formState.errors;

  const onSubmit = handle(setupAction, async () => {
    const { email, password } = form.getValues();
    const res = await signIn("credentials", { email, password, redirect: false });
    if (res?.error) setFormError("Setup is done, but signing in failed. Sign in from the sign-in page.");
    else router.replace("/app");
  });

  return (
    <form onSubmit={onSubmit} className="space-y-5" noValidate>
      <FormError message={formError} />
      <Field label="Your name" htmlFor="name" error={errors.name?.message}>
        <Input id="name" autoComplete="name" {...register("name")} />
      </Field>
      <Field label="Email" htmlFor="email" error={errors.email?.message}>
        <Input id="email" type="email" autoComplete="email" aria-invalid={!!errors.email} {...register("email")} />
      </Field>
      <Field label="Password" htmlFor="password" error={errors.password?.message} hint="At least 12 characters.">
        <Input id="password" type="password" autoComplete="new-password" aria-invalid={!!errors.password} {...register("password")} />
      </Field>
      <Field label="First workspace" htmlFor="instance_name" error={errors.instance_name?.message} hint="A tenant instance, e.g. your team or company.">
        <Input id="instance_name" aria-invalid={!!errors.instance_name} {...register("instance_name")} />
      </Field>
      <Button type="submit" className="w-full" pending={formState.isSubmitting}>
        Create superadmin and workspace
      </Button>
    </form>
  );
}
