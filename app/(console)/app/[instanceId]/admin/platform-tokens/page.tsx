import Link from "next/link";
import { requireSuperadminPage } from "@/lib/http/page-context";
import { config } from "@/lib/config";
import { listPlatformTokens } from "@/lib/tokens/platform";
import type { PlatformTokenView } from "@/lib/tokens/schema";
import { Badge, EmptyState, PageHeader, Table, Td } from "@/components/ui/layout";
import { formatDate, formatDateTime } from "@/components/format";
import { PlatformTokenRowActions } from "./platform-token-row-actions";

export const metadata = { title: "Platform tokens" };

const STATUS: Record<PlatformTokenView["status"], { label: string; color: "green" | "amber" | "red" | "gray" }> = {
  active: { label: "active", color: "green" },
  expiring_soon: { label: "expiring soon", color: "amber" },
  expired: { label: "expired", color: "gray" },
  revoked: { label: "revoked", color: "red" },
};

/** Superadmins only: tokens for automating the superadmin routes (LLM configuration, API standards). */
export default async function PlatformTokensPage({ params }: { params: Promise<{ instanceId: string }> }) {
  const { instance } = await requireSuperadminPage((await params).instanceId);
  const tokens = await listPlatformTokens();
  const defaultLimit = config().PENAXTRA_RATE_LIMIT_PER_MINUTE;
  const newButton = (
    <Link href={`/app/${instance.id}/admin/platform-tokens/new`} className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white shadow-xs hover:bg-indigo-500">
      New platform token
    </Link>
  );
  return (
    <>
      <PageHeader
        title="Platform tokens"
        description="Bearer tokens for the superadmin routes (LLM configuration, API standards), bound to no workspace. Workspace routes refuse them; workspace tokens never reach superadmin routes. A token stops working when its creator is no longer a superadmin."
        actions={newButton}
      />
      {tokens.length === 0 ? (
        <EmptyState title="No platform tokens yet" action={newButton}>
          Mint one for the automation that manages LLM configuration or API standards. Its cleartext is shown once.
        </EmptyState>
      ) : (
        <Table head={["Token", "Limits", "Status", ""]}>
          {tokens.map((t) => (
            <tr key={t.id} data-testid={`platform-token-${t.short_id}`}>
              <Td>
                <div className="font-medium text-slate-900">
                  {t.name} <span className="ml-1 font-mono text-xs font-normal text-slate-500">{t.short_id}</span>
                </div>
                <div className="text-xs text-slate-500">by {t.created_by.email} · {formatDate(t.created_at)}</div>
              </Td>
              <Td className="whitespace-normal">
                <div className="text-xs text-slate-500">IPs: {t.allowed_cidrs.length > 0 ? t.allowed_cidrs.join(", ") : "any"}</div>
                <div className="text-xs text-slate-500">
                  {t.rate_limit_per_minute ? `${t.rate_limit_per_minute} req/min (own limit)` : `${defaultLimit} req/min (default)`}
                </div>
              </Td>
              <Td>
                <Badge color={STATUS[t.status].color}>{STATUS[t.status].label}</Badge>
                <div className="mt-1 text-xs text-slate-500">expires {formatDate(t.expires_at)}</div>
                <div className="text-xs text-slate-500">last used {t.last_used_at ? formatDateTime(t.last_used_at) : "never"}</div>
              </Td>
              <Td className="text-right">
                <PlatformTokenRowActions instanceId={instance.id} token={{ id: t.id, name: t.name, shortId: t.short_id, status: t.status }} />
              </Td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}
