"use client";

import { useState } from "react";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { revokeInvitationAction } from "./actions";

export function InvitationRowActions({ instanceId, invitationId, email }: { instanceId: string; invitationId: string; email: string }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="flex items-center justify-end gap-2">
      {error && <span role="alert" className="text-xs text-red-600">{error}</span>}
      <ConfirmButton
        triggerLabel="Revoke"
        title={`Revoke the invitation for ${email}?`}
        description="The link stops working at once. You can invite them again later."
        confirmLabel="Revoke invitation"
        onConfirm={async () => {
          const res = await revokeInvitationAction(instanceId, { invitation_id: invitationId });
          if (!res.ok) setError(res.error.message);
        }}
      />
    </div>
  );
}
