import { requireSuperadminPage } from "@/lib/http/page-context";

/** 404 for everyone but superadmins, decided outside the page's loading boundary (a real 404 status). */
export default async function LlmConfigLayout({ children, params }: { children: React.ReactNode; params: Promise<{ instanceId: string }> }) {
  await requireSuperadminPage((await params).instanceId);
  return children;
}
