"use client";

import { useState } from "react";
import { changePasswordSchema } from "@/lib/auth/schema";
import { useActionForm } from "@/components/use-action-form";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/field";
import { Card } from "@/components/ui/layout";
import { changePasswordAction } from "./actions";

export function ChangePasswordForm() {
  const [done, setDone] = useState<number | null>(null);
  const { form, formError, handle } = useActionForm(changePasswordSchema, { current_password: "", new_password: "", confirm_password: "" });
  const { register, formState, reset } = form;
  const errors = formState.errors;

  const onSubmit = handle(changePasswordAction, (data) => {
    setDone(data.ended_sessions);
    reset();
  });

  return (
    <Card title="Change password">
      <form onSubmit={onSubmit} className="max-w-md space-y-4" noValidate>
        <FormError message={formError} />
        <Field label="Current password" htmlFor="current-password" error={errors.current_password?.message}>
          <Input id="current-password" type="password" autoComplete="current-password" {...register("current_password")} />
        </Field>
        <Field label="New password" htmlFor="new-password" error={errors.new_password?.message} hint="At least 12 characters.">
          <Input id="new-password" type="password" autoComplete="new-password" {...register("new_password")} />
        </Field>
        <Field label="Repeat the new password" htmlFor="confirm-password" error={errors.confirm_password?.message}>
          <Input id="confirm-password" type="password" autoComplete="new-password" {...register("confirm_password")} />
        </Field>
        <Button type="submit" pending={formState.isSubmitting}>Change password</Button>
        {done !== null && !formError && (
          <p role="status" className="text-sm text-emerald-700">
            Password changed. {done === 0 ? "You had no other sessions." : `${done} other session${done === 1 ? "" : "s"} ended.`}
          </p>
        )}
      </form>
    </Card>
  );
}
