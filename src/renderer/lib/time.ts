/** Time display helpers; every time crossing the contract is unix seconds. */

const pad = (n: number) => String(n).padStart(2, '0');

/** "2025-06-01 14:03:07" in local time: sortable, unambiguous, and narrow enough for a table. */
export function formatDateTime(sec: number | null | undefined): string {
  if (sec === null || sec === undefined) return '—';
  const d = new Date(sec * 1000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
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

/** datetime-local input value ⇄ unix seconds, in local time as the input shows it. */
export function toDateTimeLocal(sec: number): string {
  const d = new Date(sec * 1000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fromDateTimeLocal(value: string): number | null {
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : null;
}

export const shortId = (id: string, n = 8) => (id.length > n + 1 ? `${id.slice(0, n)}…` : id);
