import type { Step } from "./wizard-draft";

const STEPS: { step: Step; label: string }[] = [
  { step: 1, label: "Basics" },
  { step: 2, label: "Connection" },
  { step: 3, label: "Review" },
];

/** Where the wizard is: done, current and coming steps. */
export function WizardStepper({ current }: { current: Step }) {
  return (
    <ol aria-label="Steps" className="mb-6 flex items-center gap-3 text-sm">
      {STEPS.map(({ step, label }, i) => {
        const state = step < current ? "done" : step === current ? "current" : "todo";
        return (
          <li key={step} aria-current={state === "current" ? "step" : undefined} className="flex items-center gap-3">
            {i > 0 && <span aria-hidden className={`h-px w-10 ${state === "todo" ? "bg-slate-300" : "bg-indigo-600"}`} />}
            <span className="flex items-center gap-2">
              <span
                aria-hidden
                className={`flex h-6 w-6 items-center justify-center rounded-full text-xs font-semibold ${
                  state === "current" ? "bg-indigo-600 text-white" : state === "done" ? "bg-indigo-100 text-indigo-700" : "bg-slate-100 text-slate-500"
                }`}
              >
                {state === "done" ? "✓" : step}
              </span>
              <span className={state === "current" ? "font-semibold text-slate-900" : "text-slate-600"}>
                <span className="sr-only">Step {step}: </span>
                {label}
                {state === "done" && <span className="sr-only"> (done)</span>}
              </span>
            </span>
          </li>
        );
      })}
    </ol>
  );
}
