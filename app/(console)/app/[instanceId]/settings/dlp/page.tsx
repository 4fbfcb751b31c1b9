import { requireInstancePage } from "@/lib/http/page-context";
import { can } from "@/lib/auth/permissions";
import { listDlpRules, MAX_CUSTOM_RULES } from "@/lib/dlp/service";
import { DETECTORS } from "@/lib/dlp/detectors";
import type { DlpRuleView } from "@/lib/dlp/schema";
import { Badge, EmptyState, PageHeader, Table, Td } from "@/components/ui/layout";
import { formatDateTime } from "@/components/format";
import { BuiltinRuleControls } from "./builtin-rule-controls";
import { CreateRuleForm } from "./create-rule-form";
import { CustomRuleActions } from "./custom-rule-actions";

export const metadata = { title: "DLP rules" };

const DESCRIPTION = Object.fromEntries(DETECTORS.map((d) => [d.id, d.description]));

function State({ rule }: { rule: DlpRuleView }) {
  if (!rule.enabled) return <Badge>Off</Badge>;
  return rule.action === "block" ? <Badge color="red">Blocks</Badge> : <Badge color="amber">Reports</Badge>;
}

export default async function DlpRulesPage({ params }: { params: Promise<{ instanceId: string }> }) {
  const { instance, role } = await requireInstancePage((await params).instanceId, "dlp:read");
  const rules = await listDlpRules(instance.id);
  const canManage = can(role, "dlp:manage");
  const builtins = rules.filter((r) => r.kind === "builtin");
  const custom = rules.filter((r) => r.kind === "custom");
  return (
    <>
      <PageHeader
        title="DLP rules"
        description="Endpoint tests check what they send and what comes back against these rules. A match on a blocking rule stops the test (422 dlp_blocked, naming the rule); a report-only match is recorded with the outcome. The matched text is never stored or shown."
      />
      <div className="space-y-8">
        <section aria-label="Built-in detectors" className="space-y-3">
          <h2 className="text-sm font-semibold text-slate-900">Built-in detectors</h2>
          <Table head={canManage ? ["Detector", "State", "Updated", ""] : ["Detector", "State", "Updated"]}>
            {builtins.map((r) => (
              <tr key={r.id} data-testid={`dlp-${r.id}`}>
                <Td>
                  <div className="font-medium text-slate-900">{r.name}</div>
                  <p className="min-w-64 max-w-md whitespace-normal text-xs text-slate-500">{DESCRIPTION[r.detector!]}</p>
                </Td>
                <Td>
                  <State rule={r} />
                </Td>
                <Td>{r.updated_at ? formatDateTime(r.updated_at) : <span className="text-slate-400">Default</span>}</Td>
                {canManage && (
                  <Td className="text-right">
                    <BuiltinRuleControls instanceId={instance.id} id={r.id} name={r.name} enabled={r.enabled} action={r.action} />
                  </Td>
                )}
              </tr>
            ))}
          </Table>
        </section>
        <section aria-label="Custom patterns" className="space-y-3">
          <h2 className="text-sm font-semibold text-slate-900">Custom patterns</h2>
          {canManage && custom.length < MAX_CUSTOM_RULES && <CreateRuleForm instanceId={instance.id} />}
          {custom.length === 0 ? (
            <EmptyState title="No custom patterns">
              {canManage
                ? "Add a regular expression for what only your organisation knows: project names, customer ids, internal hostnames."
                : "Admins add patterns for what only this organisation knows. You have read-only access."}
            </EmptyState>
          ) : (
            <Table head={canManage ? ["Pattern", "State", "Updated", ""] : ["Pattern", "State", "Updated"]}>
              {custom.map((r) => (
                <tr key={r.id} data-testid={`dlp-${r.id}`}>
                  <Td>
                    <div className="font-medium text-slate-900">{r.name}</div>
                    <code className="block min-w-64 max-w-md whitespace-normal break-all font-mono text-xs text-slate-600">{r.pattern}</code>
                  </Td>
                  <Td>
                    <State rule={r} />
                  </Td>
                  <Td>{formatDateTime(r.updated_at!)}</Td>
                  {canManage && (
                    <Td className="text-right">
                      <CustomRuleActions instanceId={instance.id} rule={r} />
                    </Td>
                  )}
                </tr>
              ))}
            </Table>
          )}
        </section>
        {!canManage && <p className="text-sm text-slate-500">You have read-only access: admins and owners change DLP rules.</p>}
      </div>
    </>
  );
}
