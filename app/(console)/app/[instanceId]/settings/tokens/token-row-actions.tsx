"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Dialog } from "@/components/ui/dialog";
import { TokenReveal } from "@/components/token-reveal";
import { revokeTokenAction, rotateTokenAction } from "./actions";

type Props = {
  instanceId: string;
  token: { id: string; name: string; shortId: string; status: string; rotated: boolean };
  canManage: boolean;
  canSeeAudit: boolean;
};

export function TokenRowActions({ instanceId, token, canManage, canSeeAudit }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [minted, setMinted] = useState<{ token: string; short_id: string; expires_at: string } | null>(null);
  const [pending, start] = useTransition();
  const live = token.status === "active" || token.status === "expiring_soon";

  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex items-center gap-1">
        {canSeeAudit && (
          <Link href={`/app/${instanceId}/settings/audit?actor=${token.shortId}`} className="px-2 text-sm font-medium text-indigo-600 hover:text-indigo-500">
            Traffic
          </Link>
        )}
        {canManage && live && !token.rotated && (
          <Button
            variant="ghost"
            pending={pending}
            onClick={() =>
              start(async () => {
                const res = await rotateTokenAction(instanceId, { token_id: token.id });
                if (res.ok) setMinted(res.data);
                else setError(res.error.message);
              })
            }
          >
            Rotate
          </Button>
        )}
        {canManage && token.status !== "revoked" && (
          <ConfirmButton
            triggerLabel="Revoke"
            title={`Revoke ${token.name} (${token.shortId})?`}
            description="Requests with this token fail with 401 invalid_token within a second. This cannot be undone."
            confirmLabel="Revoke token"
            onConfirm={async () => {
              const res = await revokeTokenAction(instanceId, { token_id: token.id });
              if (!res.ok) setError(res.error.message);
            }}
          />
        )}
      </div>
      {error && <p role="alert" className="max-w-72 whitespace-normal text-xs text-red-600">{error}</p>}
      {/* The cleartext exists only in this state: only the button closes the dialog, and the token cannot be rotated twice. */}
      <Dialog
        open={!!minted}
        onClose={() => setMinted(null)}
        dismissable={false}
        size="xl"
        title={minted ? `${token.name} rotated: ${token.shortId} → ${minted.short_id}` : ""}
        footer={<Button onClick={() => setMinted(null)}>I have stored it</Button>}
      >
        {minted && (
          <>
            <TokenReveal token={minted.token} shortId={minted.short_id} expiresAt={minted.expires_at} />
            <ol className="mt-4 list-decimal space-y-1 pl-5 text-sm text-slate-600">
              <li>Deploy the new token to every consumer. The old one keeps working until you revoke it.</li>
              <li>Check the traffic of {minted.short_id} (and the silence of {token.shortId}) in the audit log.</li>
              <li>Revoke {token.shortId}.</li>
            </ol>
          </>
        )}
      </Dialog>
    </div>
  );
}
