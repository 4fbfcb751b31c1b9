"use client";

import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/layout";
import type { EndpointView } from "@/lib/endpoints/schema";
import { EditEndpointForm } from "./edit-endpoint-form";
import type { OwnerOption, SecretOption, StandardOption } from "../form/schemas";
import type { AiAvailability } from "./suggest-description";

type Props = {
  instanceId: string;
  endpoint: EndpointView;
  /** The details as the server rendered them. */
  children: ReactNode;
  /** Absent for roles without endpoints:write: no Edit button. */
  edit?: { owners: OwnerOption[]; secrets: SecretOption[]; canCreateSecret: boolean; ai: AiAvailability; standards: StandardOption[] };
};

/** The endpoint's details, swapped in place for the edit form and back. */
export function EndpointPanel({ instanceId, endpoint, children, edit }: Props) {
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);

  return (
    <Card>
      <div className="mb-2 flex items-center justify-between gap-4">
        <h2 className="text-sm font-semibold text-slate-900">{editing ? "Edit endpoint" : "Details"}</h2>
        {edit && !editing && (
          <Button variant="secondary" onClick={() => (setEditing(true), setSaved(false))}>
            Edit
          </Button>
        )}
      </div>
      {saved && !editing && (
        <p role="status" className="mb-2 text-sm text-emerald-700">
          Changes saved.
        </p>
      )}
      {edit && editing ? (
        <EditEndpointForm
          {...edit}
          instanceId={instanceId}
          endpoint={endpoint}
          onDone={(didSave) => {
            setEditing(false);
            setSaved(didSave);
          }}
        />
      ) : (
        children
      )}
    </Card>
  );
}
