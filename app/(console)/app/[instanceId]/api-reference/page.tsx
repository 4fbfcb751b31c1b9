import Link from "next/link";
import { requireInstancePage } from "@/lib/http/page-context";
import { can } from "@/lib/auth/permissions";
import { PageHeader } from "@/components/ui/layout";
import { ApiReference } from "@/components/api-reference/api-reference";

export const metadata = { title: "API reference" };

const DOCUMENT = "/api/v2/openapi.json";

/** The REST API's live OpenAPI document, rendered; every member may read it. */
export default async function ApiReferencePage({ params }: { params: Promise<{ instanceId: string }> }) {
  const { instance, role } = await requireInstancePage((await params).instanceId);
  return (
    <>
      <PageHeader
        title="API reference"
        description={
          <>
            Every route of this server&apos;s REST API, from its live OpenAPI 3.1 document (
            <a href={DOCUMENT} className="font-medium text-indigo-700 hover:text-indigo-600">
              {DOCUMENT}
            </a>
            ). Calls need a bearer token
            {can(role, "tokens:mint") ? (
              <>
                {" "}
                from{" "}
                <Link href={`/app/${instance.id}/settings/tokens`} className="font-medium text-indigo-700 hover:text-indigo-600">
                  API tokens
                </Link>
              </>
            ) : (
              " from an admin of this workspace"
            )}
            .
          </>
        }
      />
      <ApiReference url={DOCUMENT} />
    </>
  );
}
