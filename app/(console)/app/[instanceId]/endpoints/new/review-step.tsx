"use client";

import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { Badge, Card } from "@/components/ui/layout";
import { WIRE_FORMAT_LABEL, type BasicsValues, type ConnectionValues, type OwnerOption } from "../form/values";
import { DraftTest } from "./draft-test";
import type { Step } from "./wizard-draft";

type Props = {
  instanceId: string;
  basics: BasicsValues;
  connection: ConnectionValues;
  owners: OwnerOption[];
  pending: boolean;
  formError: string | null;
  onEdit: (step: Step) => void;
  onCreate: () => void;
};

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 py-2.5 sm:grid-cols-[12rem_minmax(0,1fr)]">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words text-sm text-slate-900">{children}</dd>
    </div>
  );
}

function Section({ title, step, onEdit, children }: { title: string; step: Step; onEdit: (step: Step) => void; children: ReactNode }) {
  return (
    <Card>
      <div className="mb-2 flex items-center justify-between">
        <h2 className="text-sm font-semibold text-slate-900">{title}</h2>
        <Button type="button" variant="ghost" className="px-2!" onClick={() => onEdit(step)} aria-label={`Change ${title.toLowerCase()}`}>
          Change
        </Button>
      </div>
      <dl className="divide-y divide-slate-100">{children}</dl>
    </Card>
  );
}

/** Everything the endpoint will be created with, one last time. */
export function ReviewStep({ instanceId, basics, connection: c, owners, pending, formError, onEdit, onCreate }: Props) {
  const owner = owners.find((o) => o.value === basics.owner_user_id)?.label ?? basics.owner_user_id;
  const custom = c.wire_format === "custom_template";
  return (
    <div className="space-y-6">
      <Section title="Basics" step={1} onEdit={onEdit}>
        <Row label="Name">{basics.name}</Row>
        <Row label="Owner">{owner}</Row>
        <Row label="Tags">
          {basics.tags?.length ? <span className="flex flex-wrap gap-1">{basics.tags.map((t) => <Badge key={t}>{t}</Badge>)}</span> : <span className="text-slate-400">None</span>}
        </Row>
        {basics.description && <Row label="Description">{basics.description}</Row>}
      </Section>
      <Section title="Connection" step={2} onEdit={onEdit}>
        <Row label="URL"><span className="font-mono">{c.url}</span></Row>
        <Row label="Wire format">
          {WIRE_FORMAT_LABEL[c.wire_format]} <span className="font-mono text-xs text-slate-500">{c.wire_format}</span>
        </Row>
        {custom && (
          <>
            <Row label="Request template">
              <pre className="max-h-48 overflow-auto rounded bg-slate-50 p-2 font-mono text-xs">{c.request_template}</pre>
            </Row>
            <Row label="Response path"><span className="font-mono">{c.response_path}</span></Row>
          </>
        )}
        <Row label="Model"><span className="font-mono">{c.model}</span></Row>
        {c.wire_format === "embeddings_v1" && c.dimensions ? <Row label="Dimensions"><span className="font-mono">{c.dimensions}</span></Row> : null}
        <Row label="Authentication">
          {c.api_standard ? (
            <span>
              API standard <span className="font-mono">{c.api_standard}</span>
              {c.auth_value_secret_ref && <span className="font-mono"> · {c.auth_value_secret_ref}</span>}
            </span>
          ) : c.auth_header ? (
            <span className="font-mono">
              {c.auth_header}: {c.auth_value_secret_ref}
            </span>
          ) : (
            "No authentication"
          )}
        </Row>
      </Section>
      <DraftTest instanceId={instanceId} basics={basics} connection={c} disabled={pending} />
      <FormError message={formError} />
      <div className="flex items-center justify-between">
        <Button type="button" variant="secondary" onClick={() => onEdit(2)} disabled={pending}>
          ← Back
        </Button>
        <Button type="button" pending={pending} onClick={onCreate}>
          Create endpoint
        </Button>
      </div>
    </div>
  );
}
