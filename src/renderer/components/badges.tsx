import { formatDateTime, formatDuration } from '../lib/time';

type Tone = 'ok' | 'warn' | 'danger' | 'muted' | 'info';

const TONES: Record<string, Tone> = {
  active: 'ok',
  pass: 'ok',
  valid: 'ok',
  rotated: 'muted',
  pending: 'info',
  retiring: 'warn',
  retired: 'muted',
  revoked: 'danger',
  expired: 'muted',
  fail: 'danger',
  skip: 'muted',
  danger: 'danger',
  warning: 'warn',
  error: 'danger',
  info: 'info',
};

/** A coloured pill; the text always carries the meaning, the colour only repeats it. */
export function Badge({ value, tone, label, title }: { value: string; tone?: Tone; label?: string; title?: string }) {
  return (
    <span className={`badge badge-${tone ?? TONES[value] ?? 'muted'}`} title={title}>
      {label ?? value}
    </span>
  );
}

/** "in 4:05" / "expired", greyed when the deadline has passed or no longer applies. */
export function Countdown({ at, now, inactive }: { at: number; now: number; inactive?: boolean }) {
  const left = at - now;
  if (inactive) return <span className="countdown muted">—</span>;
  if (left <= 0) return <span className="countdown muted">expired</span>;
  const tone = left < 60 ? 'countdown-soon' : left < 300 ? 'countdown-near' : '';
  return (
    <span className={`countdown ${tone}`} title={formatDateTime(at)}>
      {formatDuration(left)}
    </span>
  );
}
