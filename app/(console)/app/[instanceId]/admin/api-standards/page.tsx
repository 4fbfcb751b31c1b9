import { requireSuperadminPage } from "@/lib/http/page-context";
import { listApiStandards } from "@/lib/api-standards/service";
import { Badge, PageHeader, Table, Td } from "@/components/ui/layout";

export const metadata = { title: "API standards" };

export default async function ApiStandardsPage({ params }: { params: Promise<{ instanceId: string }> }) {
  await requireSuperadminPage((await params).instanceId);
  const standards = await listApiStandards();
  return (
    <>
      <PageHeader title="API standards" description="How to authenticate against each LLM provider family. Shared by every workspace." />
      <Table head={["Handle", "Key method", "Key field", "Description"]}>
        {standards.map((s) => (
          <tr key={s.api_standard_handle}>
            <Td className="font-mono text-slate-900">{s.api_standard_handle}</Td>
            <Td>
              <Badge color="indigo">{s.key_method}</Badge>
            </Td>
            <Td className="font-mono">{s.key_field || "—"}</Td>
            <Td className="whitespace-normal text-slate-600">{s.description}</Td>
          </tr>
        ))}
      </Table>
    </>
  );
}
