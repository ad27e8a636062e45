/**
 * Keeps keyboard focus off `<body>`. When the focused element is removed or disabled by what it
 * did (a denylist entry's Remove button, a revoked row's button, an action that closes a panel),
 * Chromium moves focus to `<body>` and a keyboard or screen-reader user starts again from the
 * top. Focus goes instead to the nearest ancestor that can hold it (a row, a panel), else to the
 * screen's `main`. Dialogs are left alone: a closing `<dialog>` gives focus back itself.
 * Installed once by the app; returns the uninstall.
 */
export function installFocusRescue(doc: Document = document): () => void {
  const onFocusOut = (e: FocusEvent) => {
    const lost = e.target;
    if (e.relatedTarget || !(lost instanceof HTMLElement) || lost.closest('dialog')) return;
    // read now: once the element is removed its ancestors can no longer be found
    const holders = focusableAncestors(lost);
    setTimeout(() => {
      if (doc.activeElement && doc.activeElement !== doc.body) return;
      // still there and usable: the user clicked elsewhere or left the window, which is theirs to do
      if (lost.isConnected && !lost.matches(':disabled')) return;
      const target = [...holders, doc.getElementById('main')].find((el) => el?.isConnected);
      target?.focus({ preventScroll: true });
    }, 0);
  };
  doc.addEventListener('focusout', onFocusOut);
  return () => doc.removeEventListener('focusout', onFocusOut);
}

/** The ancestors that take focus (a row with tabindex 0, a panel or `main` with tabindex -1), nearest first. */
function focusableAncestors(el: HTMLElement): HTMLElement[] {
  const found: HTMLElement[] = [];
  for (let p = el.parentElement; p; p = p.parentElement) if (p.hasAttribute('tabindex')) found.push(p);
  return found;
}
