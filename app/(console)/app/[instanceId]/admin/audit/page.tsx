import { requireSuperadminPage } from "@/lib/http/page-context";
import { AuditLog } from "@/components/audit/audit-log";
import type { Search } from "@/components/search-params";

export const metadata = { title: "Control-plane audit" };

/** Superadmins only: events that belong to no instance (sign-ins, setup, instances, refused calls). */
export default async function ControlPlaneAuditPage({ params, searchParams }: { params: Promise<{ instanceId: string }>; searchParams: Promise<Search> }) {
  const { instance } = await requireSuperadminPage((await params).instanceId);
  return (
    <AuditLog
      instanceId={null}
      base={`/app/${instance.id}/admin/audit`}
      search={await searchParams}
      title="Control-plane audit"
      description="Events outside any workspace: sign-ins and failed sign-ins, setup, instance changes, password changes, and refused calls. Times are UTC."
    />
  );
}
