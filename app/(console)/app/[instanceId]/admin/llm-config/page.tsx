import { requireSuperadminPage } from "@/lib/http/page-context";
import { EmptyState, PageHeader } from "@/components/ui/layout";

export const metadata = { title: "LLM configuration" };

export default async function LlmConfigPage({ params }: { params: Promise<{ instanceId: string }> }) {
  const { instance } = await requireSuperadminPage((await params).instanceId);
  return (
    <>
      <PageHeader title="LLM configuration" description={`The LLM provider, model and sealed API key used by ${instance.name}.`} />
      <EmptyState title="Not configured">
        Provider configuration (the /llm-config API) is not part of this release yet. Nothing is sent to any LLM
        provider until it is.
      </EmptyState>
    </>
  );
}
