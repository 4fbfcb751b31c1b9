"use client";

import Link from "next/link";
import { useState } from "react";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { revokePlatformTokenAction } from "./actions";

type Props = { instanceId: string; token: { id: string; name: string; shortId: string; status: string } };

export function PlatformTokenRowActions({ instanceId, token }: Props) {
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex items-center gap-1">
        {/* Requests without X-Instance-Id are in the control-plane log; switched ones in that workspace's. */}
        <Link href={`/app/${instanceId}/admin/audit?actor=${token.shortId}`} className="px-2 text-sm font-medium text-indigo-600 hover:text-indigo-500">
          Traffic
        </Link>
        {token.status !== "revoked" && (
          <ConfirmButton
            triggerLabel="Revoke"
            title={`Revoke ${token.name} (${token.shortId})?`}
            description="Requests with this platform token fail with 401 invalid_token from the next one on. This cannot be undone."
            confirmLabel="Revoke token"
            onConfirm={async () => {
              const res = await revokePlatformTokenAction({ token_id: token.id });
              setError(res.ok ? null : res.error.message);
            }}
          />
        )}
      </div>
      {error && <p role="alert" className="max-w-72 whitespace-normal text-xs text-red-600">{error}</p>}
    </div>
  );
}
