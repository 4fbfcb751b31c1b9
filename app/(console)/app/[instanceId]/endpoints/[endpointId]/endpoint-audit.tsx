import { auditQuerySchema } from "@/lib/audit/schema";
import { listAuditEvents } from "@/lib/audit/service";
import { Badge, Card, Table, Td } from "@/components/ui/layout";
import { formatDateTime } from "@/components/format";

/** The latest audit entries about one endpoint (their target starts with its id), console and API alike. */
export async function EndpointAudit({ instanceId, endpointId }: { instanceId: string; endpointId: string }) {
  const { data } = await listAuditEvents(instanceId, auditQuerySchema.parse({ target: endpointId, limit: 20 }));
  return (
    <Card title="Audit log">
      {data.length === 0 ? (
        <p className="text-sm text-slate-500">No entries yet.</p>
      ) : (
        <Table head={["Time", "Actor", "Action", "Outcome"]}>
          {data.map((e) => (
            <tr key={e.id}>
              <Td className="text-xs">{formatDateTime(e.created_at)}</Td>
              <Td>
                <span className="block max-w-64 truncate" title={e.actor_label ?? undefined}>
                  {e.actor_label ?? "—"}
                </span>
                {e.token_short_id && <span className="font-mono text-xs text-slate-500">token {e.token_short_id}</span>}
              </Td>
              <Td>
                <span className="font-mono text-xs text-slate-900">{e.action}</span>
                {e.target && e.target !== endpointId && <span className="ml-2 text-xs text-slate-500">{e.target.slice(endpointId.length).replace(/^[:\s]+/, "")}</span>}
              </Td>
              <Td>
                {e.outcome ? <Badge color={e.outcome === "2xx" ? "green" : e.outcome === "4xx" ? "amber" : "red"}>{e.status} · {e.outcome}</Badge> : "—"}
              </Td>
            </tr>
          ))}
        </Table>
      )}
    </Card>
  );
}
