import Link from "next/link";
import { requireSuperadminPage } from "@/lib/http/page-context";
import { config } from "@/lib/config";
import { PageHeader } from "@/components/ui/layout";
import { NewPlatformTokenForm } from "./new-platform-token-form";

export const metadata = { title: "New platform token" };

export default async function NewPlatformTokenPage({ params }: { params: Promise<{ instanceId: string }> }) {
  const { instance } = await requireSuperadminPage((await params).instanceId);
  const { PENAXTRA_RATE_LIMIT_PER_MINUTE: standard, PENAXTRA_RATE_LIMIT_MAX_PER_MINUTE: max } = config();
  return (
    <>
      <PageHeader
        title="New platform token"
        description="For automation of the superadmin routes only. It carries your superadmin authority: give it the shortest lifetime and the narrowest IP allowlist that work."
        actions={<Link href={`/app/${instance.id}/admin/platform-tokens`} className="text-sm font-medium text-indigo-600 hover:text-indigo-500">← All platform tokens</Link>}
      />
      <NewPlatformTokenForm backHref={`/app/${instance.id}/admin/platform-tokens`} rateLimit={{ standard, max }} />
    </>
  );
}
