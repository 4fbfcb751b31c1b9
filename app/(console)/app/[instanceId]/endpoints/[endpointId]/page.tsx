import Link from "next/link";
import { can } from "@/lib/auth/permissions";
import { listSecrets } from "@/lib/secrets/service";
import { listApiStandards } from "@/lib/api-standards/service";
import { effectiveLlmConfig } from "@/lib/llm-config/service";
import { PROVIDER_LABELS } from "@/lib/llm-config/schema";
import { AI_OFF } from "@/lib/endpoints/suggest-description";
import { Badge, Card, PageHeader } from "@/components/ui/layout";
import { ownerOptions, peopleOf } from "../owners";
import { WIRE_FORMAT_LABEL } from "../form/schemas";
import { EndpointActions } from "./endpoint-actions";
import { EndpointAudit } from "./endpoint-audit";
import { EndpointDetails } from "./endpoint-details";
import { EndpointPanel } from "./endpoint-panel";
import { EndpointTester } from "./endpoint-tester";
import { TestHistory } from "./test-history";
import { requireEndpointPage } from "./require-endpoint";
import type { AiAvailability } from "./suggest-description";

type Params = { params: Promise<{ instanceId: string; endpointId: string }> };

export async function generateMetadata({ params }: Params) {
  const { instanceId, endpointId } = await params;
  return { title: (await requireEndpointPage(instanceId, endpointId)).endpoint.name };
}

export default async function EndpointPage({ params, searchParams }: Params & { searchParams: Promise<{ created?: string; tests?: string }> }) {
  const { instanceId, endpointId } = await params;
  const { instance, role, user, endpoint } = await requireEndpointPage(instanceId, endpointId);
  const canWrite = can(role, "endpoints:write");
  const [people, secrets, llm, standards] = await Promise.all([
    peopleOf(instance.id, user),
    canWrite ? listSecrets(instance.id) : [],
    canWrite ? effectiveLlmConfig(instance.id) : null,
    canWrite ? listApiStandards() : [],
  ]);
  const ai: AiAvailability = llm ? { source: llm.source, provider: PROVIDER_LABELS[llm.config.provider] } : { off: AI_OFF };
  const owner = people.find((p) => p.id === endpoint.owner_user_id);
  const search = await searchParams;
  const created = search.created === "1";
  // An owner who is not a member (one who left, a superadmin) stays selectable in the edit form,
  // so saving other changes keeps them.
  const outsider = `Not a member of this workspace (${endpoint.owner_user_id})`;
  const owners = [...ownerOptions(people, user, "id"), ...(owner ? [] : [{ value: endpoint.owner_user_id, label: outsider }])];

  return (
    <>
      <Link href={`/app/${instance.id}/endpoints`} className="mb-3 inline-block text-sm font-medium text-indigo-600 hover:text-indigo-500">
        ← All endpoints
      </Link>
      <PageHeader
        title={endpoint.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <Badge color={endpoint.status === "active" ? "green" : "gray"}>{endpoint.status}</Badge>
            <span className="font-mono text-xs">{new URL(endpoint.url).host}</span>
            <span aria-hidden>·</span>
            <span>{WIRE_FORMAT_LABEL[endpoint.wire_format]}</span>
          </span>
        }
        actions={canWrite ? <EndpointActions instanceId={instance.id} endpoint={endpoint} /> : undefined}
      />
      {created && (
        <p role="status" className="mb-6 rounded-md border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-800">
          {endpoint.name} is registered and active.
        </p>
      )}
      <div className="space-y-8">
        <EndpointPanel
          instanceId={instance.id}
          endpoint={endpoint}
          edit={canWrite ? { owners, secrets: secrets.map((s) => ({ name: s.name, hint: s.hint })), canCreateSecret: can(role, "secrets:create"), ai, standards } : undefined}
        >
          <EndpointDetails instanceId={instance.id} endpoint={endpoint} owner={owner ? owner.email : outsider} />
        </EndpointPanel>
        {canWrite && (
          <Card title="Test the endpoint">
            <EndpointTester instanceId={instance.id} endpointId={endpoint.id} />
          </Card>
        )}
        <div id="test-history" className="scroll-mt-6">
          <TestHistory instanceId={instance.id} endpointId={endpoint.id} cursor={typeof search.tests === "string" ? search.tests.slice(0, 200) : undefined} />
        </div>
        {can(role, "audit:read") && <EndpointAudit instanceId={instance.id} endpointId={endpoint.id} />}
      </div>
    </>
  );
}
