import Link from "next/link";
import { requireSuperadminPage } from "@/lib/http/page-context";
import { listAllInstances } from "@/lib/instances/service";
import { PageHeader, Table, Td } from "@/components/ui/layout";
import { formatDate } from "@/components/format";
import { CreateInstanceForm } from "./create-instance-form";
import { RenameInstance } from "./rename-instance";

export const metadata = { title: "Instances" };

export default async function InstancesPage({ params }: { params: Promise<{ instanceId: string }> }) {
  await requireSuperadminPage((await params).instanceId);
  const instances = await listAllInstances();
  return (
    <>
      <PageHeader title="Instances" description="Tenant instances (workspaces). Data never crosses between them." />
      <div className="space-y-8">
        <CreateInstanceForm />
        <Table head={["Name", "Id", "Members", "Created", ""]}>
          {instances.map((i) => (
            <tr key={i.id}>
              <Td className="font-medium text-slate-900">
                <RenameInstance instanceId={i.id} name={i.name} />
              </Td>
              <Td className="font-mono text-xs">{i.id}</Td>
              <Td>{i._count.memberships}</Td>
              <Td>{formatDate(i.createdAt)}</Td>
              <Td className="text-right">
                <Link className="text-sm font-medium text-indigo-600 hover:text-indigo-500" href={`/app/${i.id}/endpoints`}>
                  Open →
                </Link>
              </Td>
            </tr>
          ))}
        </Table>
      </div>
    </>
  );
}
