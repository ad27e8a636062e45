import { describe, expect, it } from 'vitest';
import type { SessionView } from '../../src/shared/admin-views';
import { NO_ROWS, settleRows, type ShownRows } from '../../src/renderer/lib/session-rows';
import { AdminCallError } from '../../src/renderer/server-state/query-client';

const row = (id: string) => ({ id }) as SessionView;
const shown: ShownRows = { total: 250, pages: { 0: [row('old')] }, pagesText: 'bob' };

describe('settleRows', () => {
  it('draws the pages that answered, with the newest answer’s total and text', () => {
    const rows = settleRows(
      [
        { page: 3, data: { items: [row('a')], total: 400, text: 'al' }, updatedAt: 1 },
        { page: 4, data: { items: [row('b')], total: 401, text: 'al' }, updatedAt: 2 },
        { page: 5, updatedAt: 0 },
      ],
      true,
      shown,
    );
    expect(rows).toMatchObject({ total: 401, pagesText: 'al', state: 'ready', error: null, searchError: null });
    expect(Object.keys(rows.pages)).toEqual(['3', '4']);
  });
  it('keeps the rows last shown until the new search answers, so the table never flashes empty', () => {
    expect(settleRows([{ page: 0, updatedAt: 0 }], true, shown)).toMatchObject({ ...shown, state: 'ready' });
    expect(settleRows([{ page: 0, updatedAt: 0 }], false, NO_ROWS)).toMatchObject({ total: null, state: 'loading' });
  });
  it('keeps them too when the server refuses the search text, and says why', () => {
    const refused = new AdminCallError('invalid_request', 'Unknown field "usr:".');
    expect(settleRows([{ page: 0, updatedAt: 0, error: refused }], true, shown)).toMatchObject({
      ...shown,
      state: 'ready',
      searchError: 'Unknown field "usr:".',
    });
    expect(settleRows([{ page: 0, updatedAt: 0, error: refused }], true, NO_ROWS)).toMatchObject({ total: 0 });
  });
  it('turns any other failure into the table’s error', () => {
    const down = new AdminCallError('storage_unavailable', 'The store cannot be reached.');
    expect(settleRows([{ page: 0, updatedAt: 0, error: down }], true, shown)).toMatchObject({
      total: null,
      pages: {},
      state: 'error',
      error: 'The store cannot be reached.',
      searchError: null,
    });
  });
});
