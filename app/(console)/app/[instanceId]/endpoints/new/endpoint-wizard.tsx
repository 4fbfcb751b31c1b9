"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { createEndpointAction } from "../actions";
import { BASICS_FIELDS, type BasicsValues, type ConnectionValues, type OwnerOption, type SecretOption, type StandardOption } from "../form/values";
import { placeServerErrors, type PlacedErrors } from "../form/server-errors";
import { BasicsStep } from "./basics-step";
import { ConnectionStep } from "./connection-step";
import { ReviewStep } from "./review-step";
import { WizardStepper } from "./wizard-stepper";
import { useWizardDraft, type Step } from "./wizard-draft";
import { createPayloadAsync, loadSchemas } from "./load-schemas";

type Props = { instanceId: string; owners: OwnerOption[]; secrets: SecretOption[]; canCreateSecret: boolean; standards: StandardOption[] };

const UNREACHABLE = "The server could not be reached. Check your connection and try again.";

const TITLES: Record<Step, string> = { 1: "Step 1 of 3: basics", 2: "Step 2 of 3: connection", 3: "Step 3 of 3: review and create" };

/** The field errors of one step. */
function errorsFor(placed: PlacedErrors | null, step: Step): Record<string, string> | undefined {
  if (!placed) return undefined;
  const own = Object.entries(placed.fields).filter(([f]) => BASICS_FIELDS.includes(f) === (step === 1));
  return own.length ? Object.fromEntries(own) : undefined;
}

/** Register an endpoint: basics → connection → review → create, kept across reloads until created. */
export function EndpointWizard({ instanceId, owners, secrets, canCreateSecret, standards }: Props) {
  const router = useRouter();
  const { draft, update, clear } = useWizardDraft(instanceId);
  const [placed, setPlaced] = useState<PlacedErrors | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [created, setCreated] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const shownStep = useRef<Step | null>(null);
  const step = draft?.step;

  // The schemas (and zod) load after the page; a draft reopened at the review step needs them to create.
  useEffect(() => void loadSchemas().catch(() => {}), []);

  // A new step takes the focus to its heading, unless a field already has it (a server error
  // focuses its field) or this is the first render.
  useEffect(() => {
    const active = document.activeElement;
    const lost = !active || active === document.body || !active.isConnected;
    if (step && shownStep.current && shownStep.current !== step && lost) heading.current?.focus();
    shownStep.current = step ?? null;
  }, [step]);

  const go = useCallback((to: Step) => update((d) => ({ ...d, step: to })), [update]);
  const saveBasics = useCallback((basics: BasicsValues) => update((d) => ({ ...d, basics })), [update]);
  const saveConnection = useCallback((connection: ConnectionValues) => update((d) => ({ ...d, connection })), [update]);
  const basicsErrors = useMemo(() => errorsFor(placed, 1), [placed]);
  const connectionErrors = useMemo(() => errorsFor(placed, 2), [placed]);
  const next = (to: Step) => {
    setPlaced(null);
    go(to);
  };

  if (!draft || created) return <div aria-busy="true" aria-label="Loading" className="h-96 animate-pulse rounded-lg border border-slate-200 bg-white" />;

  async function create() {
    if (!draft) return;
    setFormError(null);
    const payload = await createPayloadAsync(draft.basics, draft.connection).catch(() => null);
    if (!payload) return setFormError(UNREACHABLE);
    if (!payload.ok) return go(payload.step);
    setPending(true);
    try {
      const result = await createEndpointAction(instanceId, payload.value);
      if (result.ok) {
        setCreated(true);
        clear();
        router.push(`/app/${instanceId}/endpoints/${result.data.id}?created=1`);
        return;
      }
      const errors = placeServerErrors(result.error);
      if (!errors) return setFormError(result.error.message);
      setPlaced(errors);
      go(Object.keys(errors.fields).some((f) => BASICS_FIELDS.includes(f)) ? 1 : 2);
    } catch {
      setFormError(UNREACHABLE);
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="max-w-4xl">
      <WizardStepper current={draft.step} />
      <h2 ref={heading} tabIndex={-1} className="sr-only">
        {TITLES[draft.step]}
      </h2>
      {draft.step === 1 && (
        <BasicsStep instanceId={instanceId} values={draft.basics} owners={owners} serverErrors={basicsErrors} onChange={saveBasics} onNext={() => next(2)} />
      )}
      {draft.step === 2 && (
        <ConnectionStep
          instanceId={instanceId}
          values={draft.connection}
          secrets={secrets}
          canCreateSecret={canCreateSecret}
          standards={standards}
          serverErrors={connectionErrors}
          duplicateOf={placed?.duplicateOf}
          onChange={saveConnection}
          onBack={() => go(1)}
          onNext={() => next(3)}
        />
      )}
      {draft.step === 3 && (
        <ReviewStep instanceId={instanceId} basics={draft.basics} connection={draft.connection} owners={owners} pending={pending} formError={formError} onEdit={go} onCreate={create} />
      )}
    </div>
  );
}
