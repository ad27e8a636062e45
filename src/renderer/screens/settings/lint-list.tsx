import type { SettingsWarning } from '../../../shared/settings';
import { countOf } from '../../lib/plural';

/**
 * The verdict on the whole form, updated on every keystroke: each field that is not a valid value
 * (empty, not a whole number, out of range) and each finding of the linter, counted together.
 */
export function LintList({ warnings, invalid }: { warnings: SettingsWarning[]; invalid: Record<string, string> }) {
  const findings: { field: string; level: SettingsWarning['level']; message: string }[] = [
    ...Object.entries(invalid).map(([field, message]) => ({ field, level: 'error' as const, message })),
    ...warnings,
  ];
  if (!findings.length) {
    return (
      <div className="callout callout-ok" role="status" aria-label="Settings check">
        No unsafe combinations found.
      </div>
    );
  }
  const errors = findings.filter((w) => w.level === 'error').length;
  const others = findings.length - errors;
  return (
    <div className={`callout ${errors ? 'callout-danger' : 'callout-warn'}`} role="status" aria-label="Settings check">
      <strong>
        {errors ? `${countOf(errors, 'error')} (refused by the server)` : ''}
        {errors && others ? ', ' : ''}
        {others ? countOf(others, 'warning') : ''}
      </strong>
      <ul className="lint-list">
        {findings.map((w) => (
          <li key={w.field + w.message} className={`lint-${w.level}`}>
            <code>{w.field}</code> {w.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
