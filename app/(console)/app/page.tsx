import Link from "next/link";
import { redirect } from "next/navigation";
import { requireUser } from "@/lib/http/page-context";
import { listInstancesFor } from "@/lib/instances/service";
import { pendingInvitationsFor } from "@/lib/instances/invitations";
import { Logo } from "@/components/ui/logo";
import { SignOutButton } from "@/components/shell/sign-out-button";

export const metadata = { title: "Console" };

export default async function ConsoleHome() {
  const user = await requireUser("/app");
  const instances = await listInstancesFor(user);
  if (instances.length > 0) redirect(`/app/${instances[0].id}/endpoints`);
  const pending = await pendingInvitationsFor(user);
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-6 p-8 text-center">
      <Logo />
      <div>
        <h1 className="text-xl font-semibold">No workspace yet</h1>
        <p className="mt-2 max-w-sm text-sm text-slate-600">
          You are signed in as {user.email}, but you are not a member of any workspace.{" "}
          {pending.length > 0 ? "You have an invitation waiting." : "Ask a workspace admin to invite you."}
        </p>
      </div>
      {pending.length > 0 && (
        <Link href="/app/invitations" className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-500">
          Review {pending.length === 1 ? "the invitation" : `${pending.length} invitations`}
        </Link>
      )}
      <SignOutButton />
    </main>
  );
}
