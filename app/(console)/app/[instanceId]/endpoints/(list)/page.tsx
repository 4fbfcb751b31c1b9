import { requireInstancePage } from "@/lib/http/page-context";
import { EmptyState, PageHeader } from "@/components/ui/layout";

export const metadata = { title: "Endpoints" };

export default async function EndpointsPage({ params }: { params: Promise<{ instanceId: string }> }) {
  const { instance } = await requireInstancePage((await params).instanceId);
  return (
    <>
      <PageHeader
        title="Endpoints"
        description={`The LLM endpoints ${instance.name} depends on: URL, wire format, model and how to authenticate. They are the targets Penaxtra scans.`}
      />
      <EmptyState title="No endpoints registered yet">
        Endpoint registration, the endpoint test and the endpoints API are the next release. Meanwhile, store the
        credentials they will use under Settings → Secrets and mint API tokens for your scripts.
      </EmptyState>
    </>
  );
}
