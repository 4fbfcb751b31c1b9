"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
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
      {minted && (
        <div className="w-[32rem] max-w-full whitespace-normal text-left">
          <TokenReveal token={minted.token} shortId={minted.short_id} expiresAt={minted.expires_at} />
          <p className="mt-2 text-xs text-slate-600">
            The old token keeps working until you revoke it. Deploy the new one, check its traffic in the audit log, then revoke {token.shortId}.
          </p>
        </div>
      )}
    </div>
  );
}
