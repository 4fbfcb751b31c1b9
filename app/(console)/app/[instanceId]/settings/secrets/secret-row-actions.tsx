"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { ReplaceSecretDialog } from "./replace-secret-dialog";
import { deleteSecretAction, verifySecretAction } from "./actions";

type Props = { instanceId: string; name: string; usedBy: string[] };
type Notice = { kind: "ok" | "error"; text: string };

export function SecretRowActions({ instanceId, name, usedBy }: Props) {
  const [notice, setNotice] = useState<Notice | null>(null);
  const [pending, start] = useTransition();

  const check = () =>
    start(async () => {
      const res = await verifySecretAction(instanceId, { name });
      setNotice(res.ok ? { kind: "ok", text: `Opens with key ${res.data.key_id}` } : { kind: "error", text: res.error.message });
    });

  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex items-center">
        <Button variant="ghost" className="px-2!" pending={pending} onClick={check} title="Open the sealed value on the server and confirm it belongs to this secret">
          Check
        </Button>
        <ReplaceSecretDialog instanceId={instanceId} name={name} onReplaced={(hint) => setNotice({ kind: "ok", text: `Value replaced (${hint})` })} />
        <ConfirmButton
          triggerLabel="Delete"
          triggerClassName="px-2!"
          title={`Delete secret:${name}?`}
          description={
            usedBy.length > 0
              ? `It is used by ${usedBy.join(", ")}; the deletion will be refused until they refer to another secret.`
              : "Nothing refers to it. The sealed value is removed for good."
          }
          confirmLabel="Delete secret"
          onConfirm={async () => {
            const res = await deleteSecretAction(instanceId, { name });
            if (!res.ok) setNotice({ kind: "error", text: res.error.message });
          }}
        />
      </div>
      {notice && (
        <p role={notice.kind === "error" ? "alert" : "status"} className={`max-w-72 whitespace-normal text-xs ${notice.kind === "error" ? "text-red-600" : "text-emerald-700"}`}>
          {notice.text}
        </p>
      )}
    </div>
  );
}
