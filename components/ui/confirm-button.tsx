"use client";

import { useRef, useState, type ReactNode } from "react";
import { Button } from "./button";

type Props = {
  title: string;
  description: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
  trigger: (open: () => void) => ReactNode;
};

/** A destructive action behind a native <dialog> confirmation. */
export function ConfirmButton({ title, description, confirmLabel, onConfirm, trigger }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [pending, setPending] = useState(false);
  return (
    <>
      {trigger(() => dialog.current?.showModal())}
      <dialog ref={dialog} className="m-auto w-full max-w-md rounded-xl p-0 shadow-xl backdrop:bg-slate-900/40">
        <div className="p-6 text-left whitespace-normal">
          <h2 className="text-base font-semibold text-slate-900">{title}</h2>
          <div className="mt-2 text-sm text-slate-600">{description}</div>
          <div className="mt-6 flex justify-end gap-2">
            <Button variant="secondary" onClick={() => dialog.current?.close()}>
              Cancel
            </Button>
            <Button
              variant="danger"
              pending={pending}
              onClick={async () => {
                setPending(true);
                try {
                  await onConfirm();
                } finally {
                  setPending(false);
                  dialog.current?.close();
                }
              }}
            >
              {confirmLabel}
            </Button>
          </div>
        </div>
      </dialog>
    </>
  );
}
