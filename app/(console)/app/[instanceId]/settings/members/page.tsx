import { requireInstancePage } from "@/lib/http/page-context";
import { can } from "@/lib/auth/permissions";
import { ROLES } from "@/lib/auth/roles";
import { listMembers } from "@/lib/instances/members";
import { listInvitations } from "@/lib/instances/invitations";
import { Badge, PageHeader, Table, Td } from "@/components/ui/layout";
import { formatDate } from "@/components/format";
import { InviteMemberForm } from "./invite-member-form";
import { InvitationRowActions } from "./invitation-row-actions";
import { MemberRowActions } from "./member-row-actions";

export const metadata = { title: "Members" };

const INVITATION_COLORS = { pending: "amber", accepted: "green", declined: "gray", revoked: "red", expired: "gray" } as const;

export default async function MembersPage({ params }: { params: Promise<{ instanceId: string }> }) {
  const { instance, role, user } = await requireInstancePage((await params).instanceId, "members:read");
  const canManage = can(role, "members:manage");
  const canGrantOwner = can(role, "members:manage_owners");
  const [members, invitations] = await Promise.all([listMembers(instance.id), canManage ? listInvitations(instance.id) : []]);
  return (
    <>
      <PageHeader title="Members" description={`Who can use ${instance.name}, and with which role. New members join through an invitation link.`} />
      <div className="space-y-8">
        {canManage && <InviteMemberForm instanceId={instance.id} grantableRoles={ROLES.filter((r) => canGrantOwner || r !== "owner")} />}
        <Table head={canManage ? ["Member", "Role", "Added", ""] : ["Member", "Role", "Added"]}>
          {members.map((m) => (
            <tr key={m.id} data-testid={`member-${m.user.email}`}>
              <Td>
                <div className="font-medium text-slate-900">{m.user.name || m.user.email}</div>
                {m.user.name && <div className="text-xs text-slate-500">{m.user.email}</div>}
              </Td>
              <Td>
                <Badge color={m.role === "owner" ? "indigo" : "gray"}>{m.role}</Badge>
                {m.user.isSuperadmin && <span className="ml-2"><Badge color="amber">superadmin</Badge></span>}
              </Td>
              <Td>{formatDate(m.createdAt)}</Td>
              {canManage && (
                <Td className="text-right">
                  <MemberRowActions
                    instanceId={instance.id}
                    membershipId={m.id}
                    email={m.user.email}
                    role={m.role}
                    isSelf={m.user.id === user.id}
                    canGrantOwner={canGrantOwner}
                  />
                </Td>
              )}
            </tr>
          ))}
        </Table>
        {canManage && invitations.length > 0 && (
          <section aria-labelledby="invitations-heading">
            <h2 id="invitations-heading" className="mb-3 text-sm font-semibold text-slate-900">Invitations</h2>
            <Table head={["Invited", "Role", "Status", "Sent", ""]}>
              {invitations.map((i) => (
                <tr key={i.id} data-testid={`invitation-${i.email}`}>
                  <Td>
                    <div className="font-medium text-slate-900">{i.email}</div>
                    <div className="text-xs text-slate-500">by {i.invited_by}</div>
                  </Td>
                  <Td><Badge>{i.role}</Badge></Td>
                  <Td>
                    <Badge color={INVITATION_COLORS[i.status]}>{i.status}</Badge>
                    {i.status === "pending" && <div className="mt-1 text-xs text-slate-500">expires {formatDate(i.expires_at)}</div>}
                  </Td>
                  <Td>{formatDate(i.created_at)}</Td>
                  <Td className="text-right">
                    {i.status === "pending" && <InvitationRowActions instanceId={instance.id} invitationId={i.id} email={i.email} />}
                  </Td>
                </tr>
              ))}
            </Table>
          </section>
        )}
      </div>
    </>
  );
}
