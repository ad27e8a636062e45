import { useEffect, useRef, type KeyboardEvent } from 'react';

/** The first focusable element in `selector`'s match (a row that takes focus, or the button in a row). */
export function findRowTarget(selector: string): HTMLElement | null {
  const row = document.querySelector<HTMLElement>(selector);
  if (!row) return null;
  return row.tabIndex >= 0 ? row : row.querySelector<HTMLElement>('button, a[href], [tabindex="0"]');
}

/**
 * A side panel's keyboard contract: it takes focus when it opens or shows another item (so its
 * content is the next thing read, not 12 Tabs away), Escape closes it, and closing gives focus
 * back to the row it belongs to, or to the screen when that row is gone; never to `<body>`.
 *
 * `key` names what is shown (null: nothing); `rowSelector` finds the row of what is shown.
 */
export function useDetailPanel(key: string | null, onClose: () => void, rowSelector: string | null) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (key !== null) ref.current?.focus({ preventScroll: true });
  }, [key]);

  const close = () => {
    // found before closing: the row is where it was while the panel is still shown
    const target = (rowSelector && findRowTarget(rowSelector)) || document.getElementById('main');
    onClose();
    target?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    // a dialog opened from the panel closes itself on Escape, and only itself
    if (e.key !== 'Escape' || e.defaultPrevented || (e.target as Element).closest('dialog')) return;
    e.preventDefault();
    close();
  };

  return { panelProps: { ref, tabIndex: -1, onKeyDown }, close };
}
