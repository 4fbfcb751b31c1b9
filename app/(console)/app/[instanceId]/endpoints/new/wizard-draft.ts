"use client";

import { useCallback, useMemo, useSyncExternalStore } from "react";
import { BASICS_DEFAULTS, CONNECTION_DEFAULTS, type BasicsValues, type ConnectionValues } from "../form/values";

// The wizard's state in sessionStorage, keyed by instance: a reload (or a
// visit to Settings → Secrets and back) keeps the step and what was typed.
// Cleared once the endpoint is created.

export type Step = 1 | 2 | 3;
export type Draft = { step: Step; basics: BasicsValues; connection: ConnectionValues };

const listeners = new Set<() => void>();
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => void listeners.delete(listener);
};
const notify = () => listeners.forEach((l) => l());

function parse(raw: string | null): Draft {
  try {
    const d = raw ? (JSON.parse(raw) as Partial<Draft>) : {};
    const step = d.step === 2 || d.step === 3 ? d.step : 1;
    return { step, basics: { ...BASICS_DEFAULTS, ...d.basics }, connection: { ...CONNECTION_DEFAULTS, ...d.connection } };
  } catch {
    return { step: 1, basics: BASICS_DEFAULTS, connection: CONNECTION_DEFAULTS };
  }
}

/** The draft (undefined until the browser's storage has been read), and ways to change or drop it. */
export function useWizardDraft(instanceId: string) {
  const key = `penaxtra:endpoint-wizard:${instanceId}`;
  const raw = useSyncExternalStore(subscribe, () => sessionStorage.getItem(key), () => undefined);
  const draft = useMemo(() => (raw === undefined ? undefined : parse(raw)), [raw]);
  const update = useCallback(
    (change: (d: Draft) => Draft) => {
      sessionStorage.setItem(key, JSON.stringify(change(parse(sessionStorage.getItem(key)))));
      notify();
    },
    [key],
  );
  const clear = useCallback(() => {
    sessionStorage.removeItem(key);
    notify();
  }, [key]);
  return { draft, update, clear };
}
