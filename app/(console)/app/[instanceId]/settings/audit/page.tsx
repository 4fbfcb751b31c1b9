import { requireInstancePage } from "@/lib/http/page-context";
import { AuditLog } from "@/components/audit/audit-log";
import type { Search } from "@/components/search-params";

export const metadata = { title: "Audit log" };

export default async function AuditPage({ params, searchParams }: { params: Promise<{ instanceId: string }>; searchParams: Promise<Search> }) {
  const { instance } = await requireInstancePage((await params).instanceId, "audit:read");
  return (
    <AuditLog
      instanceId={instance.id}
      base={`/app/${instance.id}/settings/audit`}
      search={await searchParams}
      title="Audit log"
      description="Every token-authenticated request and every console change, append-only. Times are UTC."
    />
  );
}
