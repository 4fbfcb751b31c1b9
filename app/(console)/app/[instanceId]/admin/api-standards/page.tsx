import { redirect } from "next/navigation";

// API standards have one page, in the workspace section (everyone reads them;
// superadmins also change them there). Old Admin links land on it.
export default async function AdminApiStandardsPage({ params }: { params: Promise<{ instanceId: string }> }) {
  redirect(`/app/${encodeURIComponent((await params).instanceId)}/api-standards`);
}
