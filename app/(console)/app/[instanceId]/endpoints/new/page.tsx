import Link from "next/link";
import { requireInstancePage } from "@/lib/http/page-context";
import { can } from "@/lib/auth/permissions";
import { listSecrets } from "@/lib/secrets/service";
import { listApiStandards } from "@/lib/api-standards/service";
import { PageHeader } from "@/components/ui/layout";
import { ownerOptions, peopleOf } from "../owners";
import { EndpointWizard } from "./endpoint-wizard";

export const metadata = { title: "Register endpoint" };

export default async function NewEndpointPage({ params }: { params: Promise<{ instanceId: string }> }) {
  const { instance, role, user } = await requireInstancePage((await params).instanceId, "endpoints:write");
  const [people, secrets, standards] = await Promise.all([peopleOf(instance.id, user), listSecrets(instance.id), listApiStandards()]);
  return (
    <>
      <PageHeader
        title="Register an endpoint"
        description="An endpoint binds a base URL, how to authenticate, the wire format it speaks and an owner. Penaxtra scans it on a schedule."
        actions={
          <Link href={`/app/${instance.id}/endpoints`} className="text-sm font-medium text-indigo-600 hover:text-indigo-500">
            ← All endpoints
          </Link>
        }
      />
      <EndpointWizard
        instanceId={instance.id}
        owners={ownerOptions(people, user, "current")}
        secrets={secrets.map((s) => ({ name: s.name, hint: s.hint }))}
        canCreateSecret={can(role, "secrets:create")}
        standards={standards.map(({ api_standard_handle, key_method, key_field }) => ({ api_standard_handle, key_method, key_field }))}
      />
    </>
  );
}
