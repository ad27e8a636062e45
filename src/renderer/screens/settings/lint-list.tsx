import type { SettingsWarning } from '../../../shared/settings';
import { countOf } from '../../lib/plural';

/** The linter's verdict on the whole form, updated on every keystroke. */
export function LintList({ warnings }: { warnings: SettingsWarning[] }) {
  if (!warnings.length) {
    return (
      <div className="callout callout-ok" role="status" aria-label="Settings check">
        No unsafe combinations found.
      </div>
    );
  }
  const errors = warnings.filter((w) => w.level === 'error').length;
  return (
    <div className={`callout ${errors ? 'callout-danger' : 'callout-warn'}`} role="status" aria-label="Settings check">
      <strong>
        {errors ? `${countOf(errors, 'error')} (refused by the server)` : ''}
        {errors && warnings.length > errors ? ', ' : ''}
        {warnings.length > errors ? countOf(warnings.length - errors, 'warning') : ''}
      </strong>
      <ul className="lint-list">
        {warnings.map((w) => (
          <li key={w.field + w.message} className={`lint-${w.level}`}>
            <code>{w.field}</code> {w.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
