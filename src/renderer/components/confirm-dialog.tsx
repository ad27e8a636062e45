import { useEffect, useRef, type ReactNode } from 'react';

interface Props {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  /** Disables the confirm button (e.g. while an impact preview loads). */
  confirmDisabled?: boolean;
  onConfirm(): void;
  onCancel(): void;
  /**
   * Where focus goes when the dialog closes. Without it (or when it finds nothing) the browser
   * gives focus back to the button that opened the dialog, which a confirmed action may be about
   * to remove or disable (a revoked session's Revoke button): focus would then fall to `<body>`.
   */
  returnFocus?(): HTMLElement | null;
}

/**
 * A modal built on <dialog>: the browser gives focus trapping, Escape to close and the dialog role
 * for free. Cancel gets the initial focus so a stray Enter never confirms a destructive action.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  danger,
  busy,
  confirmDisabled,
  onConfirm,
  onCancel,
  returnFocus,
}: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      cancelRef.current?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
      returnFocus?.()?.focus();
    }
    // returnFocus is read when the dialog closes, not a reason to run this again
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="confirm-title"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      {open && (
        <>
          <h2 id="confirm-title">{title}</h2>
          <div className="dialog-body">{children}</div>
          <div className="dialog-actions">
            <button ref={cancelRef} type="button" className="btn" onClick={onCancel}>
              Cancel
            </button>
            <button
              type="button"
              className={`btn ${danger ? 'btn-danger' : 'btn-primary'}`}
              disabled={busy || confirmDisabled}
              onClick={onConfirm}
            >
              {busy ? 'Working…' : confirmLabel}
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
