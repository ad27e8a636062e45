import type { SessionView } from '../../shared/admin-views';
import { AdminCallError, messageOf } from '../server-state/query-client';

/** What the Sessions table draws, whichever pages have answered. */
export interface ShownRows {
  total: number | null;
  pages: Record<number, SessionView[]>;
  /** The search text the rows on screen answer (what `whyMatched` explains them with). */
  pagesText: string;
}

export interface RowsState extends ShownRows {
  state: 'loading' | 'ready' | 'error';
  error: string | null;
  /** Why the server refused the search text (its syntax); the rows of the last search stay. */
  searchError: string | null;
}

/** One page under the viewport: its answer (items, total, the text it answers) or its failure. */
export interface PageAnswer {
  page: number;
  data?: { items: SessionView[]; total: number; text: string };
  updatedAt: number;
  error?: unknown;
}

export const NO_ROWS: ShownRows = { total: null, pages: {}, pagesText: '' };

/**
 * The rows for the current query from its pages' answers. Until one of them answers, the rows last
 * shown stay (a new search never flashes an empty table); a search the server refuses for its
 * syntax keeps them too and says why, any other failure is the table's error.
 */
export function settleRows(answers: PageAnswer[], searching: boolean, shown: ShownRows): RowsState {
  const answered = answers.filter((a) => a.data);
  if (answered.length) {
    const newest = answered.reduce((a, b) => (b.updatedAt > a.updatedAt ? b : a)).data!;
    const pages: Record<number, SessionView[]> = {};
    for (const a of answered) pages[a.page] = a.data!.items;
    return { total: newest.total, pages, pagesText: newest.text, state: 'ready', error: null, searchError: null };
  }
  const failed = answers.find((a) => a.error !== undefined && a.error !== null)?.error;
  if (failed instanceof AdminCallError && failed.code === 'invalid_request' && searching)
    return { ...shown, total: shown.total ?? 0, state: 'ready', error: null, searchError: failed.message };
  if (failed) return { ...NO_ROWS, state: 'error', error: messageOf(failed), searchError: null };
  return { ...shown, state: shown.total === null ? 'loading' : 'ready', error: null, searchError: null };
}
