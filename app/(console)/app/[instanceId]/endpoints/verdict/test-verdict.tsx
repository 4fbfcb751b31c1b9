import type { ReactNode } from "react";
import { formatLatency, formatRunTime, reasonLabel, type Verdict } from "./reasons";
import { VerdictBadge } from "./verdict-badge";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="font-medium text-slate-900 tabular-nums">{children}</dd>
    </div>
  );
}

/** One run's verdict: pass or fail, the reason in plain words, the upstream's status, the latency and the detail. */
export function TestVerdict({ test, stored = true }: { test: Verdict; stored?: boolean }) {
  const pass = test.verdict === "pass";
  return (
    <section
      aria-label="Test verdict"
      data-testid="test-verdict"
      className={`rounded-md border p-4 ${pass ? "border-emerald-200 bg-emerald-50/60" : "border-red-200 bg-red-50/60"}`}
    >
      <div className="flex flex-wrap items-center gap-2">
        <VerdictBadge verdict={test.verdict} />
        <span className="text-sm font-semibold text-slate-900">{reasonLabel(test.reason)}</span>
        {test.reason && <span className="font-mono text-xs text-slate-500">{test.reason}</span>}
      </div>
      <dl className="mt-3 flex flex-wrap gap-x-10 gap-y-2 text-sm">
        <Fact label="Upstream status">{test.upstream_status ?? "—"}</Fact>
        <Fact label="Latency">{formatLatency(test.latency_ms)}</Fact>
        <Fact label="Tested (UTC)">{formatRunTime(test.tested_at)}</Fact>
      </dl>
      <p className="mt-3 text-sm break-words text-slate-700">{test.detail}</p>
      {!stored && <p className="mt-2 text-xs text-slate-500">Not stored: the endpoint is saved, with its test history, when you create it.</p>}
    </section>
  );
}
