import { useRef, type KeyboardEvent } from 'react';
import { rovingIndex } from '../lib/roving';

export interface SegmentOption<T extends string> {
  id: T;
  label: string;
  title?: string;
  /** Extra classes of this option's button (the instance switch colours each one). */
  className?: string;
}

interface Props<T extends string> {
  /** The group's accessible name. */
  label: string;
  options: readonly SegmentOption<T>[];
  value: T;
  onChange(value: T): void;
  /** The group's classes: `segmented` in forms, the sidebar's own switches otherwise. */
  className?: string;
  testId?: string;
}

/**
 * One choice of a few, as the ARIA radio group pattern has it: one tab stop (the chosen option),
 * the arrow keys move the choice and the focus, Home and End go to the ends.
 */
export function SegmentedControl<T extends string>({
  label,
  options,
  value,
  onChange,
  className = 'segmented',
  testId,
}: Props<T>) {
  const group = useRef<HTMLDivElement>(null);
  const chosen = Math.max(
    0,
    options.findIndex((o) => o.id === value),
  );
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const next = rovingIndex(e.key, chosen, options.length);
    if (next === null) return;
    e.preventDefault();
    onChange(options[next]!.id);
    group.current?.querySelectorAll<HTMLElement>('[role="radio"]')[next]?.focus();
  };
  return (
    <div
      ref={group}
      className={className}
      role="radiogroup"
      aria-label={label}
      data-testid={testId}
      onKeyDown={onKeyDown}
    >
      {options.map((o, i) => (
        <button
          key={o.id}
          type="button"
          role="radio"
          aria-checked={o.id === value}
          tabIndex={i === chosen ? 0 : -1}
          title={o.title}
          className={[o.className, o.id === value ? 'is-on' : ''].filter(Boolean).join(' ')}
          onClick={() => onChange(o.id)}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}
