import Link from "next/link";
import { requireInstancePage } from "@/lib/http/page-context";
import { can } from "@/lib/auth/permissions";
import { config } from "@/lib/config";
import { listTokens } from "@/lib/tokens/service";
import type { TokenView } from "@/lib/tokens/schema";
import { Badge, EmptyState, PageHeader, Table, Td } from "@/components/ui/layout";
import { formatDate, formatDateTime } from "@/components/format";
import { TokenRowActions } from "./token-row-actions";

export const metadata = { title: "API tokens" };

const STATUS: Record<TokenView["status"], { label: string; color: "green" | "amber" | "red" | "gray" }> = {
  active: { label: "active", color: "green" },
  expiring_soon: { label: "expiring soon", color: "amber" },
  expired: { label: "expired", color: "gray" },
  revoked: { label: "revoked", color: "red" },
};

export default async function TokensPage({ params }: { params: Promise<{ instanceId: string }> }) {
  const { instance, role, user } = await requireInstancePage((await params).instanceId, "tokens:mint");
  const tokens = await listTokens(instance.id);
  const canManageAll = can(role, "tokens:manage");
  const defaultLimit = config().PENAXTRA_RATE_LIMIT_PER_MINUTE;
  const newButton = (
    <Link href={`/app/${instance.id}/settings/tokens/new`} className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white shadow-xs hover:bg-indigo-500">
      New token
    </Link>
  );
  return (
    <>
      <PageHeader
        title="API tokens"
        description="Scoped, expiring bearer tokens for scripts and CI. Rotate by minting a successor, deploying it, checking its traffic in the audit log, then revoking the old one."
        actions={newButton}
      />
      {tokens.length === 0 ? (
        <EmptyState title="No API tokens yet" action={newButton}>
          Mint a token with the narrowest scopes your script needs. Its cleartext is shown once.
        </EmptyState>
      ) : (
        <Table head={["Token", "Scopes", "Status", ""]}>
          {tokens.map((t) => (
            <tr key={t.id} data-testid={`token-${t.short_id}`}>
              <Td>
                <div className="font-medium text-slate-900">
                  {t.name} <span className="ml-1 font-mono text-xs font-normal text-slate-500">{t.short_id}</span>
                </div>
                <div className="text-xs text-slate-500">by {t.created_by.email} · {formatDate(t.created_at)}</div>
                {t.predecessor_short_id && <div className="text-xs text-slate-500">rotated from <span className="font-mono">{t.predecessor_short_id}</span></div>}
                {t.successor_short_id && <div className="text-xs text-slate-500">rotated to <span className="font-mono">{t.successor_short_id}</span></div>}
              </Td>
              <Td className="whitespace-normal">
                <div className="flex min-w-40 max-w-72 flex-wrap gap-1">
                  {t.scopes.map((s) => <Badge key={s}>{s}</Badge>)}
                </div>
                {t.allowed_cidrs.length > 0 && <div className="mt-1 text-xs text-slate-500">IPs: {t.allowed_cidrs.join(", ")}</div>}
              </Td>
              <Td>
                <Badge color={STATUS[t.status].color}>{STATUS[t.status].label}</Badge>
                <div className="mt-1 text-xs text-slate-500">expires {formatDate(t.expires_at)}</div>
                <div className="text-xs text-slate-500">last used {t.last_used_at ? formatDateTime(t.last_used_at) : "never"}</div>
                <div className="text-xs text-slate-500">
                  {t.rate_limit_per_minute ? `${t.rate_limit_per_minute} req/min (own limit)` : `${defaultLimit} req/min (default)`}
                </div>
              </Td>
              <Td className="text-right">
                <TokenRowActions
                  instanceId={instance.id}
                  token={{ id: t.id, name: t.name, shortId: t.short_id, status: t.status, rotated: !!t.successor_short_id }}
                  canManage={canManageAll || t.created_by.id === user.id}
                  canSeeAudit={can(role, "audit:read")}
                />
              </Td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}
