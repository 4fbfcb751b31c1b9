import Link from "next/link";
import { pickParam, type Search } from "@/components/search-params";
import { auditQuerySchema, OUTCOMES } from "@/lib/audit/schema";
import { listAuditEvents } from "@/lib/audit/service";
import { Badge, EmptyState, PageHeader, Table, Td } from "@/components/ui/layout";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import { formatDateTime } from "@/components/format";

const FILTERS = ["actor", "outcome", "path", "since", "until"] as const;

/** datetime-local values carry no zone: the console speaks UTC. */
function toIso(local: string | undefined): string | undefined {
  if (!local) return undefined;
  const d = new Date(/[zZ]|[+-]\d\d:\d\d$/.test(local) ? local : `${local}Z`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/**
 * An audit log with its filters and cursor paging: an instance's, or with
 * `instanceId` null the control plane's (sign-ins, setup, instances, refused
 * calls that named no instance of the caller's).
 */
export async function AuditLog({ instanceId, base, search, title, description }: { instanceId: string | null; base: string; search: Search; title: string; description: string }) {
  const raw = Object.fromEntries(FILTERS.map((k) => [k, pickParam(search, k)]));
  const parsed = auditQuerySchema.safeParse({ ...raw, since: toIso(raw.since), until: toIso(raw.until), cursor: pickParam(search, "cursor"), limit: 50 });
  const page = parsed.success ? await listAuditEvents(instanceId, parsed.data) : null;
  const keep = new URLSearchParams(Object.entries(raw).filter((e): e is [string, string] => !!e[1]));

  return (
    <>
      <PageHeader title={title} description={description} />
      <form method="get" action={base} className="mb-6 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-xs md:grid-cols-6 md:items-end">
        <label className="text-xs font-medium text-slate-600 md:col-span-2">
          Actor or token short id
          <Input name="actor" defaultValue={raw.actor} placeholder="e.g. 1a2b3c4d or alice@example.com" className="mt-1" />
        </label>
        <label className="text-xs font-medium text-slate-600">
          Outcome
          <Select name="outcome" defaultValue={raw.outcome ?? ""} className="mt-1">
            <option value="">Any</option>
            {OUTCOMES.map((o) => <option key={o} value={o}>{o}</option>)}
          </Select>
        </label>
        <label className="text-xs font-medium text-slate-600">
          Path starts with
          <Input name="path" defaultValue={raw.path} placeholder="/api/v2/" className="mt-1" />
        </label>
        <label className="text-xs font-medium text-slate-600">
          From
          <Input type="datetime-local" name="since" defaultValue={raw.since} className="mt-1" />
        </label>
        <label className="text-xs font-medium text-slate-600">
          Until
          <Input type="datetime-local" name="until" defaultValue={raw.until} className="mt-1" />
        </label>
        <div className="flex gap-2 md:col-span-6">
          <Button type="submit">Filter</Button>
          <Link href={base} className="rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100">Clear</Link>
        </div>
      </form>

      {!page ? (
        <EmptyState title="These filters are not valid">{parsed.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}</EmptyState>
      ) : page.data.length === 0 ? (
        <EmptyState title="No events match">Token requests and console changes appear here as they happen.</EmptyState>
      ) : (
        <>
          <Table head={["Time", "Actor", "Action", "Request", "Outcome", "Client IP"]}>
            {page.data.map((e) => (
              <tr key={e.id}>
                <Td className="text-xs">{formatDateTime(e.created_at)}</Td>
                <Td>
                  <div className="text-slate-900">{e.actor_label ?? (e.actor_type === "anonymous" ? "unidentified client" : "—")}</div>
                  {e.token_short_id && <div className="font-mono text-xs text-slate-500">token {e.token_short_id}</div>}
                  {e.actor_instance_id && <div className="font-mono text-xs text-amber-700">from {e.actor_instance_id}</div>}
                </Td>
                <Td>
                  <div className="font-mono text-xs text-slate-900">{e.action}</div>
                  {e.target && <div className="max-w-72 truncate text-xs text-slate-500" title={e.target}>{e.target}</div>}
                </Td>
                <Td className="font-mono text-xs">{e.method ? `${e.method} ${e.path}` : "—"}</Td>
                <Td>
                  {e.outcome ? <Badge color={e.outcome === "2xx" ? "green" : e.outcome === "4xx" ? "amber" : "red"}>{e.status} · {e.outcome}</Badge> : "—"}
                  {e.count > 1 && <div className="mt-1 text-xs text-slate-500">× {e.count} in that minute</div>}
                </Td>
                <Td className="font-mono text-xs">{e.client_ip ?? "—"}</Td>
              </tr>
            ))}
          </Table>
          <div className="mt-4 flex justify-between text-sm">
            {pickParam(search, "cursor") ? <Link href={`${base}?${keep}`} className="font-medium text-indigo-600">← Newest</Link> : <span />}
            {page.next_cursor && (
              <Link href={`${base}?${new URLSearchParams([...keep, ["cursor", page.next_cursor]])}`} className="font-medium text-indigo-600">
                Older events →
              </Link>
            )}
          </div>
        </>
      )}
    </>
  );
}
