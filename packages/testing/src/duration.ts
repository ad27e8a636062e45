import { GatehouseTestError } from './errors';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `'2m'`, `'90s'`, `'1h'`, `'7d'`, `'500ms'` or a number of milliseconds, as milliseconds. */
export function durationMs(duration: string | number): number {
  if (typeof duration === 'number') {
    if (Number.isFinite(duration) && duration >= 0) return duration;
  } else {
    const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(duration.trim());
    if (m) return Number(m[1]) * UNITS[m[2]!]!;
  }
  throw new GatehouseTestError(
    'clock.advance',
    'invalid_request',
    `${JSON.stringify(duration)} is not a duration ('2m', '90s', '1h', '7d', '500ms' or milliseconds)`,
  );
}
