import { useEffect, useState, type ReactNode } from 'react';

interface Props {
  /** The toolbar's accessible name ("Filter sessions"). */
  label: string;
  /** The search box's accessible name ("Search sessions"). */
  searchLabel: string;
  placeholder: string;
  value: string;
  onChange(text: string): void;
  /** The box `/` focuses (one per screen). */
  slashTarget?: boolean;
  describedBy?: string;
  invalid?: boolean;
  /** Controls before the search box (the audit log's type). */
  before?: ReactNode;
  /** Controls after it: other filters, then the count. */
  children?: ReactNode;
}

/** A screen's filter bar: a search landmark whose search box grows, with the screen's other filters. */
export function SearchToolbar({
  label,
  searchLabel,
  placeholder,
  value,
  onChange,
  slashTarget,
  describedBy,
  invalid,
  before,
  children,
}: Props) {
  return (
    <div className="toolbar" role="search" aria-label={label}>
      {before}
      <label className="field field-inline field-grow">
        <span className="visually-hidden">{searchLabel}</span>
        <input
          type="search"
          placeholder={placeholder}
          value={value}
          data-search={slashTarget ? '' : undefined}
          onChange={(e) => onChange(e.target.value)}
          aria-label={searchLabel}
          aria-describedby={describedBy}
          aria-invalid={invalid ? true : undefined}
        />
      </label>
      {children}
    </div>
  );
}

/**
 * The text typed in a search box, and the search it asks for once typing pauses for `delayMs`: the
 * box answers every key at once, the server only the text that stood.
 */
export function useDebouncedSearch(
  committed: string,
  commit: (text: string) => void,
  delayMs: number,
): [string, (text: string) => void] {
  const [text, setText] = useState(committed);
  useEffect(() => {
    if (text === committed) return;
    const t = setTimeout(() => commit(text), delayMs);
    return () => clearTimeout(t);
  }, [text, committed, commit, delayMs]);
  return [text, setText];
}
