/**
 * Time display and entry: one format for the whole console. Every time crossing the contract is
 * unix seconds; every time shown is the viewer's local time, 24-hour, ISO order, never a locale
 * format (no AM/PM, no month names, no day-before-month).
 *
 * - The format is `2026-11-30 14:03:07 +01:00`: local time with its UTC offset (formatDateTime).
 *   Sentences, label/value pairs, cards, dialogs, toasts and tooltips show it whole.
 * - Table cells, and the steps of the key timeline (a row of times side by side), show it without
 *   the offset, `2026-11-30 14:03:07` (formatDateTimeCompact), to stay narrow; such a cell always
 *   carries the whole form, offset included, in its tooltip (`title`). Nowhere else is the offset
 *   left out.
 * - A time is typed as `YYYY-MM-DD HH:MM`, 24-hour local time (toLocalInput / parseLocalInput);
 *   never `<input type="datetime-local">`, which Chromium shows in 12-hour AM/PM for en-US.
 */

const pad = (n: number) => String(n).padStart(2, '0');

/** `+01:00`, `-05:00`, `+05:30`, `+00:00`: the UTC offset of local time at that instant. */
export function formatUtcOffset(date: Date): string {
  const minutes = -date.getTimezoneOffset();
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const localDate = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** `2026-11-30 14:03:07`: local time without its offset; for table cells only (see above). */
export function formatDateTimeCompact(sec: number | null | undefined): string {
  if (sec === null || sec === undefined) return '—';
  const d = new Date(sec * 1000);
  return `${localDate(d)} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** `2026-11-30 14:03:07 +01:00`: the console's one time format, local time with its UTC offset. */
export function formatDateTime(sec: number | null | undefined): string {
  if (sec === null || sec === undefined) return '—';
  return `${formatDateTimeCompact(sec)} ${formatUtcOffset(new Date(sec * 1000))}`;
}

/** "4:05", "2 h 03 m", "3 d 4 h": a countdown compact enough for a table cell. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 3600) return `${Math.floor(s / 60)}:${pad(s % 60)}`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} m`;
  return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
}

/** A human span for settings fields: 60 → "1 min", 43200 → "12 h". */
export function describeSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '';
  if (seconds === 0) return 'off';
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${+(seconds / 60).toFixed(1)} min`;
  if (seconds < 86_400) return `${+(seconds / 3600).toFixed(1)} h`;
  return `${+(seconds / 86_400).toFixed(1)} d`;
}

/** What a time input holds and shows: `YYYY-MM-DD HH:MM`, 24-hour local time (seconds dropped). */
export const LOCAL_INPUT_FORMAT = 'YYYY-MM-DD HH:MM';

/** Unix seconds → the `YYYY-MM-DD HH:MM` a time input shows (local time, 24-hour). */
export function toLocalInput(sec: number): string {
  const d = new Date(sec * 1000);
  return `${localDate(d)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export type ParsedTime = { ok: true; at: number } | { ok: false; error: string };

const INPUT = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/;

/**
 * A typed `YYYY-MM-DD HH:MM` (24-hour, local time) → unix seconds, or the reason it is refused,
 * worded for the form: not that shape, an hour or minute that does not exist (`25:00`), a date that
 * does not exist (`2026-02-30`), or a local time skipped by a daylight-saving change.
 */
export function parseLocalInput(value: string): ParsedTime {
  const text = value.trim();
  if (!text) return { ok: false, error: `Enter a date and time as ${LOCAL_INPUT_FORMAT} (24-hour).` };
  const m = INPUT.exec(text);
  if (!m)
    return {
      ok: false,
      error: `Use ${LOCAL_INPUT_FORMAT}, 24-hour local time (e.g. 2026-11-30 14:05); no AM/PM.`,
    };
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (hour > 23) return { ok: false, error: `${m[4]}:${m[5]} is not a time: hours run from 00 to 23 (24-hour).` };
  if (minute > 59) return { ok: false, error: `${m[4]}:${m[5]} is not a time: minutes run from 00 to 59.` };
  if (year < 1970) return { ok: false, error: `${m[1]} is too early: enter a year from 1970 on.` };
  if (month < 1 || month > 12) return { ok: false, error: `${m[1]}-${m[2]}-${m[3]} is not a date: no month ${m[2]}.` };
  const daysInMonth = new Date(year, month, 0).getDate();
  if (day < 1 || day > daysInMonth)
    return { ok: false, error: `${m[1]}-${m[2]}-${m[3]} is not a date: that month has ${daysInMonth} days.` };
  const d = new Date(year, month - 1, day, hour, minute);
  // a local time the clocks skip (spring forward) comes back shifted: refuse it rather than guess
  if (d.getHours() !== hour || d.getMinutes() !== minute || d.getDate() !== day)
    return {
      ok: false,
      error: `${m[4]}:${m[5]} does not exist on ${m[1]}-${m[2]}-${m[3]} in this time zone (daylight-saving change).`,
    };
  return { ok: true, at: Math.floor(d.getTime() / 1000) };
}

export const shortId = (id: string, n = 8) => (id.length > n + 1 ? `${id.slice(0, n)}…` : id);
