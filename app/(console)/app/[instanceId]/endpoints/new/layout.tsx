import { requireInstancePage } from "@/lib/http/page-context";

/**
 * The wizard is for roles with endpoints:write; everyone else gets 404. The
 * check sits here, outside the page's loading boundary, so the answer's
 * status is a real 404 rather than a streamed not-found page.
 */
export default async function NewEndpointLayout({ children, params }: { children: React.ReactNode; params: Promise<{ instanceId: string }> }) {
  await requireInstancePage((await params).instanceId, "endpoints:write");
  return children;
}
