"use client";

import { useState, useTransition } from "react";
import { ROLES, type Role } from "@/lib/auth/roles";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { changeRoleAction, removeMemberAction } from "./actions";

type Props = { instanceId: string; membershipId: string; email: string; role: Role; isSelf: boolean; canGrantOwner: boolean };

export function MemberRowActions({ instanceId, membershipId, email, role, isSelf, canGrantOwner }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const editable = canGrantOwner || role !== "owner";
  const roles = ROLES.filter((r) => canGrantOwner || r !== "owner");

  const onRole = (next: Role) =>
    start(async () => {
      const res = await changeRoleAction(instanceId, { membership_id: membershipId, role: next });
      setError(res.ok ? null : res.error.message);
    });

  if (!editable) return <span className="text-xs text-slate-400">Owner: managed by owners</span>;
  return (
    <div className="flex items-center justify-end gap-2">
      {error && <span role="alert" className="max-w-64 whitespace-normal text-xs text-red-600">{error}</span>}
      <select
        aria-label={`Role of ${email}`}
        value={role}
        disabled={pending}
        onChange={(e) => onRole(e.target.value as Role)}
        className="rounded-md border-0 py-1 pl-2 pr-7 text-sm ring-1 ring-inset ring-slate-300"
      >
        {roles.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      <ConfirmButton
        triggerLabel="Remove"
        disabled={pending}
        title={`Remove ${email}?`}
        description={isSelf ? "You will lose access to this workspace, and your tokens of it are revoked." : "They lose access to this workspace at once, and the API tokens they minted here are revoked for good."}
        confirmLabel="Remove member"
        onConfirm={async () => {
          const res = await removeMemberAction(instanceId, { membership_id: membershipId });
          if (!res.ok) setError(res.error.message);
        }}
      />
    </div>
  );
}
