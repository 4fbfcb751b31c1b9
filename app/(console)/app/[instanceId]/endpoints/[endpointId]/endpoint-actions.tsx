"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import type { EndpointView } from "@/lib/endpoints/schema";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { deleteEndpointAction, setEndpointStatusAction } from "../actions";

type Props = { instanceId: string; endpoint: Pick<EndpointView, "id" | "name" | "status"> };

/** Disable or enable (scans skip a disabled endpoint), and delete behind a confirmation. */
export function EndpointActions({ instanceId, endpoint }: Props) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const next = endpoint.status === "active" ? "disabled" : "active";

  const toggle = () =>
    start(async () => {
      setError(null);
      const res = await setEndpointStatusAction(instanceId, { id: endpoint.id, status: next });
      if (res.ok) router.refresh();
      else setError(res.error.message);
    });

  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex items-center gap-2">
        <Button variant="secondary" pending={pending} onClick={toggle}>
          {next === "disabled" ? "Disable" : "Enable"}
        </Button>
        <ConfirmButton
          triggerLabel="Delete"
          title={`Delete ${endpoint.name}?`}
          description="The endpoint is removed for good; its audit entries stay. The secret it uses is kept."
          confirmLabel="Delete endpoint"
          onConfirm={async () => {
            setError(null);
            const res = await deleteEndpointAction(instanceId, { id: endpoint.id });
            if (res.ok) router.push(`/app/${instanceId}/endpoints`);
            else setError(res.error.message);
          }}
        />
      </div>
      {error && (
        <p role="alert" className="max-w-80 text-xs text-red-600">
          {error}
        </p>
      )}
    </div>
  );
}
