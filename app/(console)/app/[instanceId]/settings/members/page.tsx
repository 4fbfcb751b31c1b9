import { requireInstancePage } from "@/lib/http/page-context";
import { roleAtLeast } from "@/lib/auth/roles";
import { listMembers } from "@/lib/instances/members";
import { Badge, PageHeader, Table, Td } from "@/components/ui/layout";
import { formatDate } from "@/components/format";
import { AddMemberForm } from "./add-member-form";
import { MemberRowActions } from "./member-row-actions";

export const metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ instanceId: string }> }) {
  const { instance, role, user } = await requireInstancePage((await params).instanceId);
  const members = await listMembers(instance.id);
  const canManage = roleAtLeast(role, "admin");
  return (
    <>
      <PageHeader title="Members" description={`Who can use ${instance.name}, and with which role.`} />
      <div className="space-y-8">
        {canManage && <AddMemberForm instanceId={instance.id} canGrantOwner={role === "owner"} />}
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
                    canGrantOwner={role === "owner"}
                  />
                </Td>
              )}
            </tr>
          ))}
        </Table>
      </div>
    </>
  );
}
