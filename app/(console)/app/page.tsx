import { redirect } from "next/navigation";
import { requireUser } from "@/lib/http/page-context";
import { listInstancesFor } from "@/lib/instances/service";
import { Logo } from "@/components/ui/logo";
import { SignOutButton } from "@/components/shell/sign-out-button";

export const metadata = { title: "Console" };

export default async function ConsoleHome() {
  const user = await requireUser();
  const instances = await listInstancesFor(user);
  if (instances.length > 0) redirect(`/app/${instances[0].id}/endpoints`);
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-6 p-8 text-center">
      <Logo />
      <div>
        <h1 className="text-xl font-semibold">No workspace yet</h1>
        <p className="mt-2 max-w-sm text-sm text-slate-600">
          You are signed in as {user.email}, but you are not a member of any workspace. Ask a workspace admin to add you.
        </p>
      </div>
      <SignOutButton />
    </main>
  );
}
