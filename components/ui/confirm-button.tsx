"use client";

import { useState, type ReactNode } from "react";
import { Button } from "./button";
import { Dialog } from "./dialog";

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

/** A destructive action behind a confirmation dialog; Cancel has the focus first. */
export function ConfirmButton({ triggerLabel, triggerClassName = "", disabled, title, description, confirmLabel, onConfirm }: Props) {
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const close = () => setOpen(false);

  return (
    <>
      <Button variant="danger-ghost" className={triggerClassName} disabled={disabled} onClick={() => setOpen(true)}>
        {triggerLabel}
      </Button>
      <Dialog
        open={open}
        onClose={close}
        dismissable={!pending}
        title={title}
        description={description}
        footer={
          <>
            <Button variant="secondary" disabled={pending} onClick={close}>
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
                  close();
                }
              }}
            >
              {confirmLabel}
            </Button>
          </>
        }
      />
    </>
  );
}
