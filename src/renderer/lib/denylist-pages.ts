/** Rows per page: the denylist can hold a million entries, so it is read a page at a time. */
export const DENYLIST_PAGE = 100;

/** Where to go when a page came back empty under a prune: the page that now holds the end, else null. */
export function pageAfterPrune(offset: number, items: number, total: number): number | null {
  if (items || total <= 0 || offset < total) return null;
  return Math.floor((total - 1) / DENYLIST_PAGE) * DENYLIST_PAGE;
}
