import Link from "next/link";
import { requireInstancePage } from "@/lib/http/page-context";
import { scopesAllowed } from "@/lib/tokens/scopes";
import { can } from "@/lib/auth/permissions";
import { config } from "@/lib/config";
import { PageHeader } from "@/components/ui/layout";
import { NewTokenForm } from "./new-token-form";

export const metadata = { title: "New API token" };

export default async function NewTokenPage({ params }: { params: Promise<{ instanceId: string }> }) {
  const { instance, role, user } = await requireInstancePage((await params).instanceId, "tokens:mint");
  const { PENAXTRA_RATE_LIMIT_PER_MINUTE: standard, PENAXTRA_RATE_LIMIT_MAX_PER_MINUTE: ceiling } = config();
  const rateLimit = { standard, max: can(role, "tokens:raise_rate_limit") ? ceiling : standard };
  return (
    <>
      <PageHeader
        title="New API token"
        description="Pick the narrowest set of scopes the use case needs; a per-CI-job token typically needs only scans:write and findings:read."
        actions={<Link href={`/app/${instance.id}/settings/tokens`} className="text-sm font-medium text-indigo-600 hover:text-indigo-500">← All tokens</Link>}
      />
      <NewTokenForm instanceId={instance.id} allowedScopes={[...scopesAllowed(role, user.isSuperadmin)]} role={role} rateLimit={rateLimit} />
    </>
  );
}
