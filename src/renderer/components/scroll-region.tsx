import type { ReactNode, Ref } from 'react';

interface Props {
  /** What the region holds, as a screen reader announces it when it takes focus. */
  label: string;
  className: string;
  children: ReactNode;
  ref?: Ref<HTMLDivElement>;
}

/**
 * A box that scrolls content with nothing focusable in it (a chart, a log): it takes focus, so a
 * keyboard user can scroll it with the arrow keys (WCAG 2.1.1), and is a named region.
 */
export function ScrollRegion({ label, className, children, ref }: Props) {
  return (
    <div ref={ref} className={className} role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
