import Link from "next/link";
import { requireSuperadminPage } from "@/lib/http/page-context";
import { getLlmConfig } from "@/lib/llm-config/service";
import { PROVIDER_LABELS, type LlmConfigView } from "@/lib/llm-config/schema";
import { EmptyState, PageHeader } from "@/components/ui/layout";
import { pickParam, type Search } from "@/components/search-params";
import { ConfigDetails } from "./config-details";
import { ConfigPanel } from "./config-panel";
import { CreateConfigForm } from "./create-config-form";

export const metadata = { title: "LLM configuration" };

type Props = { params: Promise<{ instanceId: string }>; searchParams: Promise<Search> };

const summary = (c: LlmConfigView) => `${PROVIDER_LABELS[c.provider]} · ${c.model}`;

/** Which configuration AI features of this workspace use, and what the page's scope switch shows. */
function ScopeSwitch({ base, workspace, controlPlane }: { base: string; workspace: string; controlPlane: boolean }) {
  const tab = (active: boolean) =>
    `rounded-md px-3 py-1.5 text-sm font-medium ${active ? "bg-white text-slate-900 shadow-xs ring-1 ring-slate-200" : "text-slate-600 hover:text-slate-900"}`;
  return (
    <nav aria-label="Configuration scope" className="inline-flex gap-1 rounded-lg bg-slate-100 p-1">
      <Link href={base} className={tab(!controlPlane)} aria-current={controlPlane ? undefined : "page"}>
        This workspace ({workspace})
      </Link>
      <Link href={`${base}?scope=control-plane`} className={tab(controlPlane)} aria-current={controlPlane ? "page" : undefined}>
        Control plane
      </Link>
    </nav>
  );
}

function Effective({ name, own, global }: { name: string; own: LlmConfigView | null; global: LlmConfigView | null }) {
  const [tone, text] = own
    ? (["border-emerald-200 bg-emerald-50 text-emerald-900", <>AI features in {name} use <strong>this workspace&apos;s own configuration</strong>: {summary(own)}.</>] as const)
    : global
      ? (["border-indigo-200 bg-indigo-50 text-indigo-900", <>AI features in {name} use <strong>the control plane&apos;s configuration</strong>: {summary(global)}. This workspace has none of its own.</>] as const)
      : (["border-amber-200 bg-amber-50 text-amber-900", <>AI features in {name} are <strong>off</strong>: neither this workspace nor the control plane has a configuration.</>] as const);
  return (
    <section aria-label="Effective configuration" data-testid="effective-config" className={`rounded-lg border px-4 py-3 text-sm ${tone}`}>
      <p>{text}</p>
      <p className="mt-1 text-xs opacity-80">AI features: &ldquo;Suggest description&rdquo; on endpoint pages. A workspace&apos;s own configuration comes first, then the control plane&apos;s.</p>
    </section>
  );
}

function deleteEffect(name: string, controlPlane: boolean, global: LlmConfigView | null): string {
  if (controlPlane) return "Workspaces without a configuration of their own lose AI features until a new one is created.";
  return global
    ? `AI features in ${name} fall back to the control plane's configuration (${summary(global)}).`
    : `AI features in ${name} are turned off until this workspace or the control plane has a configuration.`;
}

export default async function LlmConfigPage({ params, searchParams }: Props) {
  const { instance } = await requireSuperadminPage((await params).instanceId);
  const controlPlane = pickParam(await searchParams, "scope") === "control-plane";
  const scope = controlPlane ? null : instance.id;
  const [own, global] = await Promise.all([getLlmConfig(instance.id), getLlmConfig(null)]);
  const shown = controlPlane ? global : own;
  const scopeLabel = controlPlane ? "control-plane" : `${instance.name} workspace`;

  return (
    <>
      <PageHeader
        title="LLM configuration"
        description="The provider, model and sealed API key AI features call. Each workspace may have its own; the control plane's applies to every workspace without one."
      />
      <div className="space-y-6">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <ScopeSwitch base={`/app/${instance.id}/admin/llm-config`} workspace={instance.name} controlPlane={controlPlane} />
          <p className="text-xs text-slate-500">Another workspace: switch with the workspace menu in the sidebar.</p>
        </div>
        <Effective name={instance.name} own={own} global={global} />
        {shown ? (
          <ConfigPanel key={shown.id} scope={scope} scopeLabel={scopeLabel} config={shown} deleteEffect={deleteEffect(instance.name, controlPlane, global)}>
            <ConfigDetails config={shown} />
          </ConfigPanel>
        ) : (
          <>
            <EmptyState title={controlPlane ? "No control-plane configuration" : `No configuration for ${instance.name}`}>
              {controlPlane
                ? "Workspaces without their own configuration have AI features off until one exists here."
                : global
                  ? "This workspace uses the control plane's configuration. Create one here to use another provider, model or key for this workspace only."
                  : "Create one here for this workspace only, or on the control plane for every workspace."}
            </EmptyState>
            <CreateConfigForm key={scope ?? "control-plane"} scope={scope} scopeLabel={scopeLabel} />
          </>
        )}
      </div>
    </>
  );
}
