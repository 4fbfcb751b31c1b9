import { requireInstancePage } from "@/lib/http/page-context";
import { listApiStandards, referenceCounts } from "@/lib/api-standards/service";
import { KEY_METHOD_LABELS } from "@/lib/api-standards/schema";
import { Badge, EmptyState, PageHeader, Table, Td } from "@/components/ui/layout";
import { StandardDialog } from "./standard-dialog";
import { StandardRowActions } from "./standard-row-actions";

export const metadata = { title: "API standards" };

const METHOD_COLOR = { auth_bearer: "indigo", auth_apikey: "indigo", query_param: "amber", none: "gray" } as const;

export default async function ApiStandardsPage({ params }: { params: Promise<{ instanceId: string }> }) {
  const { user, instance } = await requireInstancePage((await params).instanceId);
  const manage = user.isSuperadmin;
  // Superadmins see references across all workspaces (what blocks a delete); members only their own workspace's.
  const [standards, counts] = await Promise.all([listApiStandards(), referenceCounts(manage ? null : instance.id)]);
  const usedByHead = manage ? "Used by (all workspaces)" : "Used by (this workspace)";

  return (
    <>
      <PageHeader
        title="API standards"
        description="How an endpoint sends its API key to a provider family: in a bearer header, in a key header, as a query parameter, or not at all. Shared by every workspace; endpoints choose one instead of naming a header."
        actions={manage ? <StandardDialog /> : undefined}
      />
      {standards.length === 0 ? (
        <EmptyState title="No API standards">{manage ? "Create one for each provider family your endpoints call." : "A superadmin defines them."}</EmptyState>
      ) : (
        <Table head={manage ? ["Standard", "Key method", "Key field", usedByHead, ""] : ["Standard", "Key method", "Key field", usedByHead]}>
          {standards.map((s) => {
            const references = counts.get(s.api_standard_handle) ?? 0;
            return (
              <tr key={s.api_standard_handle} data-testid={`standard-${s.api_standard_handle}`}>
                <Td>
                  <div className="font-mono font-medium text-slate-900">{s.api_standard_handle}</div>
                  {/* Td is nowrap; the description wraps, long URLs anywhere, so the table fits and the actions stay in view. */}
                  <p className="min-w-48 max-w-md whitespace-normal text-xs text-slate-500 [overflow-wrap:anywhere]">{s.description}</p>
                </Td>
                <Td>
                  <Badge color={METHOD_COLOR[s.key_method]}>{KEY_METHOD_LABELS[s.key_method]}</Badge>
                  <div className="mt-1 font-mono text-xs text-slate-500">{s.key_method}</div>
                </Td>
                <Td className="font-mono">{s.key_field || <span className="text-slate-400">—</span>}</Td>
                <Td>{references === 0 ? <span className="text-slate-400">No endpoints</span> : `${references} endpoint${references === 1 ? "" : "s"}`}</Td>
                {manage && (
                  <Td className="text-right">
                    <StandardRowActions standard={s} references={references} />
                  </Td>
                )}
              </tr>
            );
          })}
        </Table>
      )}
      {!manage && <p className="mt-4 text-sm text-slate-500">Superadmins add and change API standards. The same list is public at GET /api/v2/api-standards.</p>}
    </>
  );
}
