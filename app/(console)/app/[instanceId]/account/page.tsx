import { requireInstancePage } from "@/lib/http/page-context";
import { PageHeader } from "@/components/ui/layout";
import { ChangePasswordForm } from "./change-password-form";

export const metadata = { title: "Your account" };

export default async function AccountPage({ params }: { params: Promise<{ instanceId: string }> }) {
  const { user } = await requireInstancePage((await params).instanceId);
  return (
    <>
      <PageHeader title="Your account" description={`Signed in as ${user.email}. Changing your password signs you out everywhere else.`} />
      <ChangePasswordForm />
    </>
  );
}
