import type { SettingsWarning } from '../../../shared/settings';
import { describeSeconds } from '../../lib/time';
import type { FieldSpec } from './settings-fields';

/** A numeric setting with its unit, a human reading of seconds, and its own lint messages. */
export function NumberField({
  spec,
  value,
  onChange,
  error,
  warnings,
}: {
  spec: FieldSpec;
  value: string;
  onChange(v: string): void;
  error?: string;
  warnings: SettingsWarning[];
}) {
  const id = `setting-${spec.name}`;
  const n = Number(value);
  const level = error || warnings.some((w) => w.level === 'error') ? 'error' : warnings.length ? 'warning' : '';
  return (
    <div className={`field ${level ? `field-${level}` : ''}`}>
      <label htmlFor={id}>{spec.label}</label>
      <div className="input-unit">
        <input
          id={id}
          type="number"
          inputMode="numeric"
          min={spec.min}
          max={spec.max}
          step={1}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={!!error || level === 'error'}
          aria-describedby={`${id}-help`}
        />
        {spec.seconds && (
          <span className="unit">
            s{value.trim() && Number.isFinite(n) && n >= 60 ? ` · ${describeSeconds(n)}` : ''}
          </span>
        )}
      </div>
      <small id={`${id}-help`} className="muted">
        {spec.help}
      </small>
      {error && <small className="field-msg field-msg-error">{error}</small>}
      {warnings.map((w) => (
        <small key={w.message} className={`field-msg field-msg-${w.level}`}>
          {w.message}
        </small>
      ))}
    </div>
  );
}
