import { requireInstancePage } from "@/lib/http/page-context";
import { can } from "@/lib/auth/permissions";
import { listSecrets } from "@/lib/secrets/service";
import type { SecretUser } from "@/lib/secrets/schema";
import { Badge, EmptyState, PageHeader, Table, Td } from "@/components/ui/layout";
import { formatDate, formatDateTime } from "@/components/format";
import { CreateSecretForm } from "./create-secret-form";
import { SecretRowActions } from "./secret-row-actions";

export const metadata = { title: "Secrets" };

function UsedBy({ users }: { users: SecretUser[] }) {
  if (users.length === 0) return <span className="text-slate-400">Not used</span>;
  return (
    <div className="flex max-w-64 flex-wrap gap-1">
      {users.map((u) => (
        <Badge key={`${u.kind}-${u.id}`} color="indigo">
          {u.kind === "endpoint" ? "Endpoint" : "LLM config"}: {u.name}
        </Badge>
      ))}
    </div>
  );
}

export default async function SecretsPage({ params }: { params: Promise<{ instanceId: string }> }) {
  const { instance, role } = await requireInstancePage((await params).instanceId, "secrets:read");
  const secrets = await listSecrets(instance.id);
  const canCreate = can(role, "secrets:create");
  const canManage = can(role, "secrets:manage");
  return (
    <>
      <PageHeader
        title="Secrets"
        description={
          <>
            Credentials your endpoints and LLM configurations authenticate with. Refer to one as{" "}
            <code className="whitespace-nowrap rounded bg-slate-100 px-1 py-0.5 font-mono text-xs text-slate-800">secret:&lt;name&gt;</code>. Values are
            sealed at rest and opened only when an outbound call needs them: nobody can read one back, only replace it.
          </>
        }
      />
      <div className="space-y-8">
        {canCreate && <CreateSecretForm instanceId={instance.id} />}
        {secrets.length === 0 ? (
          <EmptyState title="No secrets yet">
            {canCreate
              ? "Add the API key or token an endpoint needs above. Only a masked hint of it is ever shown again."
              : "Members of this workspace add the credentials its endpoints use here. You have read-only access."}
          </EmptyState>
        ) : (
          <section aria-label="Secrets">
            <Table head={canManage ? ["Secret", "Hint", "Used by", "Updated", ""] : ["Secret", "Hint", "Used by", "Updated"]}>
              {secrets.map((s) => (
                <tr key={s.id} data-testid={`secret-${s.name}`}>
                  <Td>
                    <div className="font-mono text-sm font-medium text-slate-900" title={`Refer to it as ${s.ref}`}>
                      {s.name}
                    </div>
                    <div className="text-xs text-slate-500">created {formatDate(s.created_at)}</div>
                  </Td>
                  <Td>
                    <span className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700" title="Masked: the value itself is never shown">
                      {s.hint}
                    </span>
                  </Td>
                  <Td className="whitespace-normal">
                    <UsedBy users={s.used_by} />
                  </Td>
                  <Td>
                    <div>{formatDateTime(s.updated_at)}</div>
                    {s.updated_by && (
                      <div className="max-w-48 truncate text-xs text-slate-500" title={s.updated_by}>
                        by {s.updated_by}
                      </div>
                    )}
                  </Td>
                  {canManage && (
                    <Td className="text-right">
                      <SecretRowActions instanceId={instance.id} name={s.name} usedBy={s.used_by.map((u) => u.name)} />
                    </Td>
                  )}
                </tr>
              ))}
            </Table>
          </section>
        )}
        {!canCreate && secrets.length > 0 && (
          <p className="text-sm text-slate-500">You have read-only access: members add secrets, admins replace and delete them.</p>
        )}
      </div>
    </>
  );
}
