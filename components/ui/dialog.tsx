"use client";

import { useEffect, useId, useRef, type ReactNode, type RefObject } from "react";

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

const SIZES = { md: "max-w-md", lg: "max-w-lg", xl: "max-w-2xl" } as const;

type Props = {
  open: boolean;
  /** Called for every close request: Escape, a click on the backdrop, or the owner's own buttons. */
  onClose: () => void;
  /** Names the dialog (aria-labelledby). */
  title: ReactNode;
  /** Describes it (aria-describedby). */
  description?: ReactNode;
  /** Buttons, kept visible while a tall body scrolls. */
  footer?: ReactNode;
  children?: ReactNode;
  /** false: Escape and the backdrop do nothing (an action is pending, or closing would lose something). */
  dismissable?: boolean;
  /** Focused on open; otherwise the first focusable element of the body, then of the footer. */
  initialFocus?: RefObject<HTMLElement | null>;
  size?: keyof typeof SIZES;
};

/**
 * The one modal: a native <dialog> opened with showModal(), so the page
 * behind is inert and focus stays inside. Focus returns on close to the
 * element that had it when the dialog opened.
 */
export function Dialog({ open, onClose, title, description, footer, children, dismissable = true, initialFocus, size = "md" }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const pressedOnBackdrop = useRef(false);
  const id = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
      const target = initialFocus?.current ?? dialog.querySelector<HTMLElement>(`[data-dialog-body] :is(${FOCUSABLE}), [data-dialog-footer] :is(${FOCUSABLE})`) ?? dialog;
      target.focus();
    } else if (!open) {
      if (dialog.open) dialog.close();
      const back = opener.current;
      opener.current = null;
      if (back?.isConnected) back.focus();
    }
  }, [open, initialFocus]);

  return (
    <dialog
      ref={ref}
      tabIndex={-1}
      aria-labelledby={`${id}-title`}
      aria-describedby={description ? `${id}-description` : undefined}
      className={`m-auto w-full ${SIZES[size]} rounded-xl bg-white p-0 whitespace-normal text-left shadow-xl outline-none backdrop:bg-slate-900/40`}
      // Escape: the native close request. Refused while not dismissable; keydown too,
      // because Chrome closes anyway on a second Escape without user activation.
      onCancel={(e) => {
        e.preventDefault();
        if (dismissable) onClose();
      }}
      onKeyDown={(e) => {
        if (e.key === "Escape" && !dismissable) e.preventDefault();
      }}
      // Closed by other means (form method=dialog, the browser): keep the owner's state in step,
      // or reopen while it must stay.
      onClose={() => {
        if (!open) return;
        if (dismissable) onClose();
        else ref.current?.showModal();
      }}
      // A click whose press and release both land outside the panel is a click on the backdrop.
      onPointerDown={(e) => {
        pressedOnBackdrop.current = e.target === e.currentTarget;
      }}
      onClick={(e) => {
        if (e.target === e.currentTarget && pressedOnBackdrop.current && dismissable) onClose();
        pressedOnBackdrop.current = false;
      }}
    >
      <div className="flex max-h-[calc(100dvh-2rem)] flex-col">
        <div className="px-6 pt-6">
          <h2 id={`${id}-title`} className="text-base font-semibold text-slate-900">
            {title}
          </h2>
          {description && (
            <div id={`${id}-description`} className="mt-1 text-sm text-slate-600">
              {description}
            </div>
          )}
        </div>
        <div data-dialog-body className="min-h-0 flex-1 overflow-y-auto px-6 pt-4 empty:hidden last:pb-6">
          {children}
        </div>
        {footer && (
          <div data-dialog-footer className="flex justify-end gap-2 px-6 pt-5 pb-6">
            {footer}
          </div>
        )}
      </div>
    </dialog>
  );
}
