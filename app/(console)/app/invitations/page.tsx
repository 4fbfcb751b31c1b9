import Link from "next/link";
import { requireUser } from "@/lib/http/page-context";
import { pendingInvitationsFor } from "@/lib/instances/invitations";
import { formatDate } from "@/components/format";
import { AuthFrame } from "@/app/(auth)/auth-frame";
import { AcceptButtons } from "@/app/(auth)/invite/[secret]/accept-buttons";

export const metadata = { title: "Invitations" };

/** The signed-in user's pending invitations, to accept or decline. */
export default async function InvitationsPage() {
  const user = await requireUser("/app/invitations");
  const invitations = await pendingInvitationsFor(user);
  return (
    <AuthFrame title="Invitations" subtitle={`Workspaces that invited ${user.email}`}>
      {invitations.length === 0 ? (
        <p className="text-sm text-slate-600">No pending invitations.</p>
      ) : (
        <ul className="divide-y divide-slate-200">
          {invitations.map((i) => (
            <li key={i.id} className="py-4 first:pt-0 last:pb-0" data-testid={`pending-${i.instance.name}`}>
              <p className="text-sm font-medium text-slate-900">{i.instance.name}</p>
              <p className="mb-3 text-xs text-slate-500">as {i.role} · invited by {i.invited_by} · expires {formatDate(i.expires_at)}</p>
              <AcceptButtons invitationId={i.id} onDone="refresh" />
            </li>
          ))}
        </ul>
      )}
      <Link href="/app" className="mt-6 inline-block text-sm font-medium text-indigo-600">← Back to the console</Link>
    </AuthFrame>
  );
}
