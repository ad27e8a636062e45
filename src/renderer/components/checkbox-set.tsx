import type { ReactNode } from 'react';

/** One choice of a checkbox set: its value (shown as code) and what it means. */
export interface CheckboxChoice<T extends string> {
  id: T;
  help: string;
}

/**
 * A fieldset of checkboxes, one per choice, for a field that holds a set of protocol values (a
 * client's grant types, its response types). The caller decides what a toggle makes of the set (its
 * order, what else changes), and passes the field's messages as children, shown under the boxes.
 */
export function CheckboxSet<T extends string>({
  legend,
  choices,
  checked,
  onToggle,
  invalid,
  messagesId,
  children,
}: {
  legend: string;
  choices: readonly CheckboxChoice<T>[];
  checked: readonly T[];
  onToggle(id: T, on: boolean): void;
  /** The field has a problem to show: styled so, and described by `messagesId`. */
  invalid: boolean;
  messagesId: string;
  children?: ReactNode;
}) {
  return (
    <fieldset
      className={`field grant-set ${invalid ? 'field-error' : ''}`}
      aria-describedby={invalid ? messagesId : undefined}
    >
      <legend>{legend}</legend>
      {choices.map((c) => (
        <label key={c.id} className="check">
          <input type="checkbox" checked={checked.includes(c.id)} onChange={(e) => onToggle(c.id, e.target.checked)} />
          <span>
            <code>{c.id}</code> <span className="muted small">{c.help}</span>
          </span>
        </label>
      ))}
      {children}
    </fieldset>
  );
}
