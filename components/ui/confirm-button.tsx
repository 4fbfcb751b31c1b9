"use client";

import { useRef, useState, type ReactNode } from "react";
import { Button } from "./button";

type Props = {
  /** The button that opens the confirmation. */
  triggerLabel: string;
  triggerClassName?: string;
  disabled?: boolean;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
};

/** A destructive action behind a native <dialog> confirmation. */
export function ConfirmButton({ triggerLabel, triggerClassName = "", disabled, title, description, confirmLabel, onConfirm }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [pending, setPending] = useState(false);
  return (
    <>
      <Button variant="danger-ghost" className={triggerClassName} disabled={disabled} onClick={() => dialog.current?.showModal()}>
        {triggerLabel}
      </Button>
      <dialog ref={dialog} className="m-auto w-full max-w-md rounded-xl p-0 shadow-xl backdrop:bg-slate-900/40">
        <div className="whitespace-normal p-6 text-left">
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
