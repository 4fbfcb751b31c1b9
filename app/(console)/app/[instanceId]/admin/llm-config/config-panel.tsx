"use client";

import { useState, type ReactNode } from "react";
import type { LlmConfigView } from "@/lib/llm-config/schema";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Card } from "@/components/ui/layout";
import { deleteLlmConfigAction } from "./actions";
import { ConnectionTest } from "./connection-test";
import { EditConfigForm } from "./edit-config-form";

type Props = {
  scope: string | null;
  scopeLabel: string;
  config: LlmConfigView;
  /** What deleting changes for AI features, said in the confirmation. */
  deleteEffect: string;
  /** The configuration as the server rendered it. */
  children: ReactNode;
};

/** The scope's configuration: details swapped in place for the edit form, test connection, delete behind a confirmation. */
export function ConfigPanel({ scope, scopeLabel, config, deleteEffect, children }: Props) {
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);

  return (
    <Card>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-4">
        <h2 className="text-sm font-semibold text-slate-900">{editing ? `Edit the ${scopeLabel} configuration` : `The ${scopeLabel} configuration`}</h2>
        {!editing && (
          <div className="flex items-center gap-2">
            <Button variant="secondary" onClick={() => (setEditing(true), setSaved(false), setError(null))}>
              Edit
            </Button>
            <ConfirmButton
              triggerLabel="Delete"
              title={`Delete the ${scopeLabel} configuration?`}
              description={`The provider, model and sealed key are removed for good. ${deleteEffect}`}
              confirmLabel="Delete configuration"
              onConfirm={async () => {
                setError(null);
                const res = await deleteLlmConfigAction(scope);
                if (!res.ok) setError(res.error.message);
              }}
            />
          </div>
        )}
      </div>
      {saved && !editing && (
        <p role="status" className="mb-2 text-sm text-emerald-700">
          Changes saved.
        </p>
      )}
      {error && (
        <p role="alert" className="mb-2 text-sm text-red-600">
          {error}
        </p>
      )}
      {editing ? (
        <EditConfigForm
          scope={scope}
          config={config}
          onDone={(didSave) => {
            setEditing(false);
            setSaved(didSave);
          }}
        />
      ) : (
        <>
          {children}
          <div className="mt-4 border-t border-slate-200 pt-4">
            <ConnectionTest scope={scope} />
          </div>
        </>
      )}
    </Card>
  );
}
