"use client";

import { useState } from "react";
import type { ApiStandardView } from "@/lib/api-standards/schema";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { StandardDialog } from "./standard-dialog";
import { deleteApiStandardAction } from "./actions";

type Props = { standard: ApiStandardView; references: number };

const endpoints = (n: number) => `${n} endpoint${n === 1 ? "" : "s"}`;

/** Edit and delete for superadmins; the delete names how many endpoints (all workspaces) still use the standard. */
export function StandardRowActions({ standard, references }: Props) {
  const [error, setError] = useState<string | null>(null);
  const handle = standard.api_standard_handle;

  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex items-center gap-1">
        <StandardDialog standard={standard} references={references} />
        <ConfirmButton
          triggerLabel="Delete"
          triggerClassName="px-2!"
          title={`Delete the API standard "${handle}"?`}
          description={
            references > 0
              ? `It is referenced by ${endpoints(references)} across all workspaces; the deletion will be refused until none uses it.`
              : "No endpoint uses it. Endpoints can no longer choose it afterwards."
          }
          confirmLabel="Delete standard"
          onConfirm={async () => {
            const res = await deleteApiStandardAction({ api_standard_handle: handle });
            setError(res.ok ? null : res.error.message);
          }}
        />
      </div>
      {error && (
        <p role="alert" className="max-w-72 whitespace-normal text-xs text-red-600">
          {error}
        </p>
      )}
    </div>
  );
}
