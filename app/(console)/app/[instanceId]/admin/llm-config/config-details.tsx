import type { ReactNode } from "react";
import { PROVIDER_LABELS, type LlmConfigView } from "@/lib/llm-config/schema";
import { DEFAULT_BASE_URLS } from "@/lib/llm-config/providers";
import { formatDateTime } from "@/components/format";

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 py-2.5 sm:grid-cols-[11rem_minmax(0,1fr)]">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words text-sm text-slate-900">{children}</dd>
    </div>
  );
}

/** One scope's configuration. The key appears only as its masked hint. */
export function ConfigDetails({ config: c }: { config: LlmConfigView }) {
  return (
    <dl className="divide-y divide-slate-100" data-testid="llm-config-details">
      <Row label="Provider">
        {PROVIDER_LABELS[c.provider]} <span className="font-mono text-xs text-slate-500">{c.provider}</span>
      </Row>
      <Row label="Model"><span className="font-mono">{c.model}</span></Row>
      <Row label="Base URL">{c.base_url ? <span className="font-mono">{c.base_url}</span> : <span className="text-slate-500">The provider&apos;s own address <span className="font-mono">{DEFAULT_BASE_URLS[c.provider]}</span></span>}</Row>
      <Row label="API key">
        {c.api_key_masked ? (
          <span className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700" title="Masked: the key itself is never shown">
            {c.api_key_masked}
          </span>
        ) : (
          <span className="text-slate-500">None set</span>
        )}
      </Row>
      <Row label="Last changed">{formatDateTime(c.updated_at)}</Row>
      <Row label="Created">{formatDateTime(c.created_at)}</Row>
    </dl>
  );
}
