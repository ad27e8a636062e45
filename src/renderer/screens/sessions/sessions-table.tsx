import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SessionView } from '../../../shared/admin-views';
import { parseSessionSearch } from '../../../shared/session-search';
import { rowAt } from '../../lib/session-pages';
import { useServerNow } from '../../lib/use-now';
import { useStore } from '../../store/store';
import type { SessionRows } from '../../server-state/sessions';
import { COLUMNS, ROW_HEIGHT } from './columns';
import { SessionRow } from './session-row';

/**
 * The Sessions table: only the rows in view exist in the DOM, and only the 100-row pages under
 * them are fetched, so 100,000 sessions cost what 50 do.
 */
export function SessionsTable({ rows, onRevoke }: { rows: SessionRows; onRevoke(s: SessionView): void }) {
  const { query, detailId, showRows, openSession, setQuery } = useStore(
    useShallow((s) => ({
      query: s.sessions.query,
      detailId: s.sessions.detailId,
      showRows: s.showSessionRows,
      openSession: s.openSession,
      setQuery: s.setSessionQuery,
    })),
  );
  const { pages, pagesText } = rows;
  const total = rows.total ?? 0;
  const now = useServerNow();
  // the search the rows on screen answer (not the text being typed), so each row's reason is its own
  const terms = useMemo(() => {
    const parsed = parseSessionSearch(pagesText);
    return parsed.ok ? parsed.terms : [];
  }, [pagesText]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;

  useEffect(() => showRows(first, Math.max(last, first + 40)), [first, last, total, query, showRows]);

  // a new filter or sort starts from the top, as a user expects of a fresh result list
  const queryKey = `${query.text}|${query.status}|${query.userId}|${query.sort}|${query.order}`;
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [queryKey]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const index = Number((document.activeElement as HTMLElement | null)?.dataset.index);
    if (!Number.isFinite(index)) return;
    e.preventDefault();
    const next = Math.min(total - 1, Math.max(0, index + (e.key === 'ArrowDown' ? 1 : -1)));
    virtualizer.scrollToIndex(next);
    requestAnimationFrame(() => scrollRef.current?.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus());
  };

  const sortBy = (sort: NonNullable<(typeof COLUMNS)[number]['sort']>) =>
    setQuery({
      sort,
      order: query.sort === sort ? (query.order === 'asc' ? 'desc' : 'asc') : sort === 'username' ? 'asc' : 'desc',
    });

  return (
    <div className="vtable" role="table" aria-label="Sessions" aria-rowcount={total + 1}>
      <div className="vthead" role="rowgroup">
        <div className="vrow vrow-head" role="row" aria-rowindex={1}>
          {COLUMNS.map((c) => (
            <div
              key={c.id}
              role="columnheader"
              className={`vcell col-${c.id}`}
              title={c.label}
              aria-sort={
                c.sort && query.sort === c.sort ? (query.order === 'asc' ? 'ascending' : 'descending') : undefined
              }
            >
              {c.sort ? (
                <button type="button" className="sort-btn" onClick={() => sortBy(c.sort!)}>
                  <span className="cut">{c.label}</span>
                  <span className="sort-mark" aria-hidden="true">
                    {query.sort === c.sort ? (query.order === 'asc' ? '▲' : '▼') : '↕'}
                  </span>
                </button>
              ) : (
                <span className="cut">{c.label}</span>
              )}
            </div>
          ))}
        </div>
      </div>
      <div className="vtbody" role="rowgroup" ref={scrollRef} onKeyDown={onKeyDown}>
        <div className="vspacer" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((v) => (
            <SessionRow
              key={v.key}
              index={v.index}
              top={v.start}
              session={rowAt(pages, v.index)}
              now={now}
              selected={rowAt(pages, v.index)?.id === detailId}
              terms={terms}
              onOpen={openSession}
              onRevoke={onRevoke}
            />
          ))}
        </div>
      </div>
    </div>
  );
}
