import { redirect } from "next/navigation";
import { requireSuperadminPage } from "@/lib/http/page-context";

// API standards have one page, in the workspace section (everyone reads them;
// superadmins also change them there). Old Admin links land on it; like every
// Admin page, this address is 404 for anyone but a superadmin.
export default async function AdminApiStandardsPage({ params }: { params: Promise<{ instanceId: string }> }) {
  const { instanceId } = await params;
  await requireSuperadminPage(instanceId);
  redirect(`/app/${encodeURIComponent(instanceId)}/api-standards`);
}
