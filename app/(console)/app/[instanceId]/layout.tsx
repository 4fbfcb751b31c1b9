import Link from "next/link";
import { requireInstancePage } from "@/lib/http/page-context";
import { listInstancesFor } from "@/lib/instances/service";
import { pendingInvitationsFor } from "@/lib/instances/invitations";
import { Logo } from "@/components/ui/logo";
import { Badge } from "@/components/ui/layout";
import { navFor } from "@/components/shell/nav";
import { SidebarNav } from "@/components/shell/sidebar";
import { InstanceSwitcher } from "@/components/shell/instance-switcher";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { RememberInstance } from "@/components/shell/remember-instance";

export default async function ConsoleLayout({ children, params }: { children: React.ReactNode; params: Promise<{ instanceId: string }> }) {
  const { instanceId } = await params;
  const { user, role } = await requireInstancePage(instanceId);
  const [instances, invitations] = await Promise.all([listInstancesFor(user), pendingInvitationsFor(user)]);

  return (
    <div className="flex min-h-screen">
      <RememberInstance instanceId={instanceId} />
      <aside className="hidden w-64 shrink-0 flex-col border-r border-slate-200 bg-white px-4 py-5 md:flex">
        <Link href={`/app/${instanceId}/endpoints`} className="px-2">
          <Logo />
        </Link>
        <div className="mt-6">
          <InstanceSwitcher current={instanceId} options={instances} />
        </div>
        <div className="mt-6 flex-1">
          <SidebarNav items={navFor(instanceId, user.isSuperadmin, role)} />
        </div>
        <div className="mt-6 border-t border-slate-200 pt-4">
          <Link href={`/app/${instanceId}/account`} className="block truncate rounded px-1 text-sm font-medium text-slate-900 hover:text-indigo-700" title={`${user.email}: your account`}>
            {user.name || user.email}
          </Link>
          <div className="mt-1 flex items-center gap-2 px-1">
            <Badge color="indigo">{role}</Badge>
            {user.isSuperadmin && <Badge color="amber">superadmin</Badge>}
          </div>
          <div className="mt-3">
            <SignOutButton />
          </div>
        </div>
      </aside>
      <main className="min-w-0 flex-1 px-6 py-8 lg:px-10">
        <div className="mx-auto max-w-6xl">
          {invitations.length > 0 && (
            <div role="status" className="mb-6 flex items-center justify-between gap-4 rounded-lg border border-indigo-200 bg-indigo-50 px-4 py-3 text-sm text-indigo-900">
              <span>
                You have {invitations.length === 1 ? "a pending invitation" : `${invitations.length} pending invitations`} to{" "}
                {invitations.map((i) => i.instance.name).join(", ")}.
              </span>
              <Link href="/app/invitations" className="shrink-0 font-semibold text-indigo-700 hover:text-indigo-600">Review →</Link>
            </div>
          )}
          {children}
        </div>
      </main>
    </div>
  );
}
