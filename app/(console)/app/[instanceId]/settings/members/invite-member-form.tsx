"use client";

import { useState } from "react";
import { inviteMemberSchema } from "@/lib/instances/schema";
import { ROLES, ROLE_DESCRIPTIONS, type Role } from "@/lib/auth/roles";
import { useActionForm } from "@/components/use-action-form";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input, Select } from "@/components/ui/field";
import { Card } from "@/components/ui/layout";
import { CopyButton } from "@/components/ui/copy-button";
import { inviteMemberAction } from "./actions";

type Invite = { link: string; email: string; role: Role; expires_at: string };

export function InviteMemberForm({ instanceId, grantableRoles }: { instanceId: string; grantableRoles: Role[] }) {
  const [invite, setInvite] = useState<Invite | null>(null);
  const { form, formError, handle } = useActionForm(inviteMemberSchema, { email: "", role: "member" });
  const { register, formState, reset } = form;
  const errors = formState.errors;

  const onSubmit = handle((values) => inviteMemberAction(instanceId, values), (data) => {
    setInvite({ link: `${window.location.origin}${data.path}`, email: data.email, role: data.role, expires_at: data.expires_at });
    reset();
  });

  return (
    <Card title="Invite a member">
      <form onSubmit={onSubmit} className="grid gap-4 md:grid-cols-[2fr_1fr_auto] md:items-start" noValidate>
        <Field label="Email" htmlFor="member-email" error={errors.email?.message}>
          <Input id="member-email" type="email" autoComplete="off" {...register("email")} />
        </Field>
        <Field label="Role" htmlFor="member-role" error={errors.role?.message}>
          <Select id="member-role" {...register("role")}>
            {ROLES.filter((r) => grantableRoles.includes(r)).map((r) => (
              <option key={r} value={r} title={ROLE_DESCRIPTIONS[r]}>
                {r}
              </option>
            ))}
          </Select>
        </Field>
        <div className="md:pt-7">
          <Button type="submit" pending={formState.isSubmitting}>
            Create invitation
          </Button>
        </div>
      </form>
      <div className="mt-3 space-y-2">
        <FormError message={formError} />
        {invite && !formError && (
          <div role="status" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm" data-testid="invite-link">
            <p className="font-semibold text-amber-900">
              Invitation for {invite.email} as {invite.role}. Send them this link; it is shown only once.
            </p>
            <p className="mt-1 text-amber-800">
              It works once and expires on {new Date(invite.expires_at).toUTCString()}. A new user sets their own password through it;
              someone who already has an account signs in and accepts it.
            </p>
            <div className="mt-3 flex flex-wrap items-center gap-2">
              <code aria-label="Invitation link" className="min-w-0 flex-1 break-all rounded-md bg-white px-3 py-2 font-mono text-xs text-slate-900 ring-1 ring-amber-300">
                {invite.link}
              </code>
              <CopyButton value={invite.link} />
            </div>
          </div>
        )}
      </div>
    </Card>
  );
}
