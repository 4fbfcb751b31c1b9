"use client";

import { useState } from "react";
import { addMemberSchema } from "@/lib/instances/schema";
import { ROLES, ROLE_DESCRIPTIONS } from "@/lib/auth/roles";
import { useActionForm } from "@/components/use-action-form";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input, Select } from "@/components/ui/field";
import { Card } from "@/components/ui/layout";
import { addMemberAction } from "./actions";

export function AddMemberForm({ instanceId, canGrantOwner }: { instanceId: string; canGrantOwner: boolean }) {
  const [added, setAdded] = useState<string | null>(null);
  const { form, formError, handle } = useActionForm(addMemberSchema, { email: "", role: "member", password: "" });
  const { register, formState, reset } = form;
  const errors = formState.errors;
  const roles = ROLES.filter((r) => canGrantOwner || r !== "owner");

  const onSubmit = handle((values) => addMemberAction(instanceId, values), (data) => {
    setAdded(data.email);
    reset();
  });

  return (
    <Card title="Add a member">
      <form onSubmit={onSubmit} className="grid gap-4 md:grid-cols-[2fr_1fr_2fr_auto] md:items-start" noValidate>
        <Field label="Email" htmlFor="member-email" error={errors.email?.message}>
          <Input id="member-email" type="email" autoComplete="off" {...register("email")} />
        </Field>
        <Field label="Role" htmlFor="member-role" error={errors.role?.message}>
          <Select id="member-role" {...register("role")}>
            {roles.map((r) => (
              <option key={r} value={r} title={ROLE_DESCRIPTIONS[r]}>
                {r}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Initial password" htmlFor="member-password" error={errors.password?.message} hint="Only for a new account; share it privately.">
          <Input id="member-password" type="password" autoComplete="new-password" {...register("password")} />
        </Field>
        <div className="md:pt-7">
          <Button type="submit" pending={formState.isSubmitting}>
            Add member
          </Button>
        </div>
      </form>
      <div className="mt-3 space-y-2">
        <FormError message={formError} />
        {added && !formError && (
          <p role="status" className="text-sm text-emerald-700">
            {added} was added.
          </p>
        )}
      </div>
    </Card>
  );
}
