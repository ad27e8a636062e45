/**
 * Pure bookkeeping of the Sessions table's server-side paging: which fixed-size pages cover a
 * range of rows, and which loaded pages to drop so memory stays bounded at 100,000 sessions.
 */
export const PAGE_SIZE = 100;
/** Loaded pages kept around the viewport; scrolling back within them needs no round trip. */
export const MAX_CACHED_PAGES = 24;

export function pagesForRange(start: number, end: number, total: number, pageSize = PAGE_SIZE): number[] {
  if (total <= 0 || end < start) return [];
  const last = Math.min(end, total - 1);
  const pages: number[] = [];
  for (let p = Math.floor(Math.max(0, start) / pageSize); p <= Math.floor(last / pageSize); p++) pages.push(p);
  return pages;
}

/** Keeps the `max` pages nearest the viewport's centre page, dropping the farthest first. */
export function prunePages<T>(pages: Record<number, T>, centrePage: number, max = MAX_CACHED_PAGES): Record<number, T> {
  const keys = Object.keys(pages).map(Number);
  if (keys.length <= max) return pages;
  const keep = keys.sort((a, b) => Math.abs(a - centrePage) - Math.abs(b - centrePage)).slice(0, max);
  const out: Record<number, T> = {};
  for (const k of keep) out[k] = pages[k]!;
  return out;
}

/** Row `index` from the page cache, or undefined while its page is loading. */
export function rowAt<T>(pages: Record<number, T[]>, index: number, pageSize = PAGE_SIZE): T | undefined {
  return pages[Math.floor(index / pageSize)]?.[index % pageSize];
}
