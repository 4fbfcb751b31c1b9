import Link from "next/link";
import type { ReactNode } from "react";
import type { EndpointView } from "@/lib/endpoints/schema";
import { nameFromRef } from "@/lib/secrets/schema";
import { Badge } from "@/components/ui/layout";
import { formatDateTime } from "@/components/format";
import { WIRE_FORMAT_LABEL } from "../form/schemas";
import { reasonLabel } from "../verdict/reasons";
import { VerdictBadge } from "../verdict/verdict-badge";

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 py-2.5 sm:grid-cols-[11rem_minmax(0,1fr)]">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words text-sm text-slate-900">{children}</dd>
    </div>
  );
}

/** Every field of an endpoint. The credential is its reference, linking to the secrets; never a value. */
export function EndpointDetails({ instanceId, endpoint: e, owner }: { instanceId: string; endpoint: EndpointView; owner: string }) {
  const secret = e.auth_value_secret_ref ? nameFromRef(e.auth_value_secret_ref) : null;
  return (
    <dl className="divide-y divide-slate-100">
      <Row label="URL"><span className="font-mono">{e.url}</span></Row>
      <Row label="Wire format">
        {WIRE_FORMAT_LABEL[e.wire_format]} <span className="font-mono text-xs text-slate-500">{e.wire_format}</span>
      </Row>
      <Row label="Model"><span className="font-mono">{e.model}</span></Row>
      {e.dimensions !== undefined && <Row label="Dimensions"><span className="font-mono">{e.dimensions}</span></Row>}
      {e.wire_format === "custom_template" && (
        <>
          <Row label="Request template">
            <pre className="max-h-64 overflow-auto rounded bg-slate-50 p-2 font-mono text-xs">{JSON.stringify(e.request_template, null, 2)}</pre>
          </Row>
          <Row label="Response path"><span className="font-mono">{e.response_path}</span></Row>
        </>
      )}
      <Row label="Authentication">
        {e.api_standard ? (
          <span>
            API standard{" "}
            <Link href={`/app/${instanceId}/api-standards`} className="font-mono text-indigo-700 hover:text-indigo-600" title="The API standards: where each puts the key">
              {e.api_standard}
            </Link>
            {e.auth_value_secret_ref && (
              <>
                {" · "}
                <Link href={`/app/${instanceId}/settings/secrets`} className="font-mono text-indigo-700 hover:text-indigo-600" title={secret ? `Settings → Secrets: ${secret}` : undefined}>
                  {e.auth_value_secret_ref}
                </Link>
              </>
            )}
          </span>
        ) : e.auth_header ? (
          <span className="font-mono">
            {e.auth_header}:{" "}
            <Link href={`/app/${instanceId}/settings/secrets`} className="text-indigo-700 hover:text-indigo-600" title={secret ? `Settings → Secrets: ${secret}` : undefined}>
              {e.auth_value_secret_ref}
            </Link>
          </span>
        ) : (
          <span className="text-slate-500">No authentication</span>
        )}
      </Row>
      <Row label="Owner">{owner}</Row>
      {e.service_handle !== undefined && (
        <Row label="LLM service instance">
          <span className="font-mono">{e.service_handle}</span>
        </Row>
      )}
      <Row label="Tags">
        {e.tags.length ? <span className="flex flex-wrap gap-1">{e.tags.map((t) => <Badge key={t}>{t}</Badge>)}</span> : <span className="text-slate-400">None</span>}
      </Row>
      {e.description && <Row label="Description"><span className="whitespace-pre-line">{e.description}</span></Row>}
      <Row label="Last test">
        {e.last_test ? (
          <span className="flex flex-wrap items-center gap-2">
            <VerdictBadge verdict={e.last_test.verdict} />
            <span>{reasonLabel(e.last_test.reason)}</span>
            <span className="text-slate-500">· {formatDateTime(e.last_test.tested_at)}</span>
          </span>
        ) : (
          <span className="text-slate-400">Never</span>
        )}
      </Row>
      <Row label="Registered">{formatDateTime(e.created_at)}</Row>
      <Row label="Last changed">{formatDateTime(e.updated_at)}</Row>
      <Row label="Id"><span className="font-mono text-xs">{e.id}</span></Row>
    </dl>
  );
}
