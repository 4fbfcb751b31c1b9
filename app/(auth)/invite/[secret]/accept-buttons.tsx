"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { acceptInvitationAction, declineInvitationAction } from "./actions";

/** Accept or decline one invitation as the signed-in user (from the link, or the list of pending ones). */
export function AcceptButtons({ secret, invitationId, onDone }: { secret?: string; invitationId: string; onDone?: "refresh" }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  const accept = () =>
    start(async () => {
      const res = await acceptInvitationAction(secret ? { secret } : { invitation_id: invitationId });
      if (!res.ok) return setError(res.error.message);
      router.replace(`/app/${res.data.instance_id}/endpoints`);
    });
  const decline = () =>
    start(async () => {
      const res = await declineInvitationAction({ invitation_id: invitationId });
      if (!res.ok) return setError(res.error.message);
      if (onDone === "refresh") router.refresh();
      else router.replace("/app");
    });

  return (
    <div className="space-y-3">
      <FormError message={error} />
      <div className="flex gap-2">
        <Button onClick={accept} pending={pending}>Accept</Button>
        <Button variant="secondary" onClick={decline} disabled={pending}>Decline</Button>
      </div>
    </div>
  );
}
