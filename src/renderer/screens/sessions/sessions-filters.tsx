import { useCallback, useEffect, useState } from 'react';
import { SearchToolbar, useDebouncedSearch } from '../../components/search-toolbar';
import { useShallow } from 'zustand/react/shallow';
import type { SessionStatusName, UserView } from '../../../shared/admin-views';
import { useStore } from '../../store/store';
import { UserSelect } from '../../components/user-select';
import { countOf } from '../../lib/plural';

/**
 * Text filter applied after this pause: it only coalesces keys that arrive together (a paste,
 * autorepeat). The server answers a 3+ character filter from a trigram index in a few ms, and a
 * stale answer is dropped, so a longer wait would only add latency to every keystroke.
 */
const TEXT_DELAY_MS = 15;
/**
 * A syntax error is shown once it has stood this long, so that typing `user:` before its value,
 * or an unknown word on its way to a field name, neither flashes a message nor makes a screen
 * reader announce one at every key.
 */
const ERROR_DELAY_MS = 400;
const HELP_ID = 'sessions-search-help';
const ERROR_ID = 'sessions-search-error';

export function SessionsFilters({
  total,
  searchError,
  users,
}: {
  total: number | null;
  searchError: string | null;
  users: UserView[];
}) {
  const { query, setSessionQuery } = useStore(
    useShallow((s) => ({ query: s.sessions.query, setSessionQuery: s.setSessionQuery })),
  );
  const commitText = useCallback((text: string) => setSessionQuery({ text }), [setSessionQuery]);
  const [text, setText] = useDebouncedSearch(query.text, commitText, TEXT_DELAY_MS);
  const [shownError, setShownError] = useState<string | null>(null);
  useEffect(() => {
    const t = setTimeout(() => setShownError(searchError), searchError ? ERROR_DELAY_MS : 0);
    return () => clearTimeout(t);
  }, [searchError]);
  const error = searchError && shownError === searchError ? searchError : null;

  return (
    <div className={`sessions-search ${error ? 'has-error' : ''}`}>
      <SearchToolbar
        label="Filter sessions"
        searchLabel="Search sessions"
        placeholder="Search: bob, user:bob ip:10.0. device:safari sid:…  ( / )"
        value={text}
        onChange={setText}
        slashTarget
        describedBy={error ? ERROR_ID : HELP_ID}
        invalid={!!error}
      >
        <label className="field field-inline">
          <span>Status</span>
          <select
            aria-label="Status"
            value={query.status}
            onChange={(e) => setSessionQuery({ status: e.target.value as SessionStatusName | '' })}
          >
            <option value="">Any</option>
            <option value="active">Active</option>
            <option value="revoked">Revoked</option>
            <option value="expired">Expired</option>
          </select>
        </label>
        <UserSelect
          users={users}
          value={query.userId}
          onChange={(userId) => setSessionQuery({ userId })}
          anyLabel="All users"
        />
        <span className="toolbar-count" aria-live="polite">
          {total === null ? '' : countOf(total, 'session')}
        </span>
      </SearchToolbar>
      {/* the error replaces the hint; the live region stays in place (empty) so a new error is announced */}
      <div className="search-help">
        <p id={HELP_ID} hidden={!!error}>
          By field: <code>user:bob</code> <code>ip:10.0.</code> <code>device:"Firefox on Linux"</code>{' '}
          <code>sid:Qx4b</code> · plain words match user, device and IP · every term must match
        </p>
        <p id={ERROR_ID} className="search-error" aria-live="polite">
          {error && (
            <>
              <span className="visually-hidden">Search not applied: </span>
              {error}
            </>
          )}
        </p>
      </div>
    </div>
  );
}
