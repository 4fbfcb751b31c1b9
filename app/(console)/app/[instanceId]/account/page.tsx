import { requireInstancePage } from "@/lib/http/page-context";
import { handleOf } from "@/lib/auth/handle-change";
import { PageHeader } from "@/components/ui/layout";
import { ChangeHandleForm } from "./change-handle-form";
import { ChangePasswordForm } from "./change-password-form";

export const metadata = { title: "Your account" };

export default async function AccountPage({ params }: { params: Promise<{ instanceId: string }> }) {
  const { user } = await requireInstancePage((await params).instanceId);
  return (
    <>
      <PageHeader title="Your account" description={`Signed in as ${user.email}. Changing your password signs you out everywhere else.`} />
      <div className="space-y-8">
        <ChangeHandleForm handle={await handleOf(user.id)} />
        <ChangePasswordForm />
      </div>
    </>
  );
}
