/**
 * The console's one time format (src/renderer/lib/time.ts), checked in several time zones: local
 * time, 24-hour, ISO order, with its UTC offset; and the `YYYY-MM-DD HH:MM` input it parses.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  formatDateTime,
  formatDateTimeCompact,
  formatUtcOffset,
  parseLocalInput,
  toLocalInput,
} from '../../src/renderer/lib/time';

// typechecked with the renderer (no Node types): reach Node's environment through globalThis
const env = (globalThis as unknown as { process: { env: Record<string, string | undefined> } }).process.env;
const originalTz = env.TZ;
afterEach(() => {
  if (originalTz === undefined) delete env.TZ;
  else env.TZ = originalTz;
});
/** Node re-reads TZ when it changes, so each case runs in the zone it names. */
const inZone = (tz: string) => {
  env.TZ = tz;
};
const utc = (iso: string) => Date.parse(iso) / 1000;

describe('formatDateTime', () => {
  it.each([
    ['UTC', '2026-11-30T13:03:07Z', '2026-11-30 13:03:07 +00:00'],
    ['Europe/Paris', '2026-11-30T13:03:07Z', '2026-11-30 14:03:07 +01:00'],
    ['Europe/Paris', '2026-07-01T13:03:07Z', '2026-07-01 15:03:07 +02:00'],
    ['America/New_York', '2026-11-30T03:03:07Z', '2026-11-29 22:03:07 -05:00'],
    ['Asia/Kolkata', '2026-11-30T13:03:07Z', '2026-11-30 18:33:07 +05:30'],
    ['America/St_Johns', '2026-01-01T00:00:00Z', '2025-12-31 20:30:00 -03:30'],
  ])('in %s shows %s as local 24-hour time with its offset', (tz, iso, shown) => {
    inZone(tz);
    expect(formatDateTime(utc(iso))).toBe(shown);
    expect(formatDateTimeCompact(utc(iso))).toBe(shown.slice(0, 19));
  });

  it('never uses AM/PM: the afternoon is 13–23', () => {
    inZone('America/Los_Angeles');
    expect(formatDateTime(utc('2026-11-30T23:59:59Z'))).toBe('2026-11-30 15:59:59 -08:00');
    expect(formatDateTime(utc('2026-11-30T08:00:00Z'))).toBe('2026-11-30 00:00:00 -08:00');
  });

  it('shows a dash for no time', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime(undefined)).toBe('—');
    expect(formatDateTimeCompact(null)).toBe('—');
  });

  it('formats the offset of the instant, not of today', () => {
    inZone('Europe/Paris');
    expect(formatUtcOffset(new Date('2026-01-15T12:00:00Z'))).toBe('+01:00');
    expect(formatUtcOffset(new Date('2026-06-15T12:00:00Z'))).toBe('+02:00');
  });
});

describe('the YYYY-MM-DD HH:MM input', () => {
  it('shows 24-hour local time and reads it back', () => {
    inZone('Europe/Paris');
    const at = utc('2026-11-30T16:45:00Z');
    expect(toLocalInput(at)).toBe('2026-11-30 17:45');
    expect(parseLocalInput('2026-11-30 17:45')).toEqual({ ok: true, at });
    expect(parseLocalInput('  2026-11-30T17:45 ')).toEqual({ ok: true, at });
    expect(toLocalInput(at + 59)).toBe('2026-11-30 17:45');
  });

  it('accepts the ends of the day: 00:00 and 23:59', () => {
    inZone('UTC');
    expect(parseLocalInput('2026-11-30 00:00')).toEqual({ ok: true, at: utc('2026-11-30T00:00:00Z') });
    expect(parseLocalInput('2026-11-30 23:59')).toEqual({ ok: true, at: utc('2026-11-30T23:59:00Z') });
    expect(parseLocalInput('2028-02-29 12:00')).toEqual({ ok: true, at: utc('2028-02-29T12:00:00Z') });
  });

  it.each([
    ['', /Enter a date and time as YYYY-MM-DD HH:MM/],
    ['2026-11-30 25:00', /25:00 is not a time: hours run from 00 to 23/],
    ['2026-11-30 24:00', /24:00 is not a time/],
    ['2026-11-30 12:60', /12:60 is not a time: minutes run from 00 to 59/],
    ['2026-11-30 2:05 PM', /no AM\/PM/],
    ['2026-11-30 02:05 PM', /no AM\/PM/],
    ['11/30/2026 14:05', /Use YYYY-MM-DD HH:MM/],
    ['2026-11-30', /Use YYYY-MM-DD HH:MM/],
    ['2026-11-30 14:05:07', /Use YYYY-MM-DD HH:MM/],
    ['2026-13-01 10:00', /no month 13/],
    ['2026-00-10 10:00', /no month 00/],
    ['2026-02-29 10:00', /that month has 28 days/],
    ['2026-04-31 10:00', /that month has 30 days/],
    ['2026-04-00 10:00', /is not a date/],
    ['0099-01-01 10:00', /enter a year from 1970/],
  ])('refuses %j with a clear message', (text, message) => {
    inZone('UTC');
    const parsed = parseLocalInput(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
  });

  it('refuses a local time skipped by a daylight-saving change instead of shifting it', () => {
    inZone('Europe/Paris');
    expect(parseLocalInput('2026-03-29 02:30')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/02:30 does not exist on 2026-03-29/),
    });
    expect(parseLocalInput('2026-03-29 03:00')).toEqual({ ok: true, at: utc('2026-03-29T01:00:00Z') });
  });
});
