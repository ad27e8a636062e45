import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SessionStatusName } from '../../../shared/admin-views';
import { useStore } from '../../store/store';
import { UserSelect } from '../../components/user-select';

/**
 * Text filter applied after this pause: it only coalesces keys that arrive together (a paste,
 * autorepeat). The server answers a 3+ character filter from a trigram index in a few ms, and a
 * stale answer is dropped, so a longer wait would only add latency to every keystroke.
 */
const TEXT_DELAY_MS = 15;

export function SessionsFilters() {
  const { query, total, users, setSessionQuery } = useStore(
    useShallow((s) => ({
      query: s.sessions.query,
      total: s.sessions.total,
      users: s.users.list,
      setSessionQuery: s.setSessionQuery,
    })),
  );
  const [text, setText] = useState(query.text);
  useEffect(() => {
    if (text === query.text) return;
    const t = setTimeout(() => setSessionQuery({ text }), TEXT_DELAY_MS);
    return () => clearTimeout(t);
  }, [text, query.text, setSessionQuery]);

  return (
    <div className="toolbar" role="search" aria-label="Filter sessions">
      <label className="field field-inline field-grow">
        <span className="visually-hidden">Search sessions</span>
        <input
          type="search"
          placeholder="Search user, IP, device, session id…  ( / )"
          value={text}
          data-search
          onChange={(e) => setText(e.target.value)}
          aria-label="Search sessions"
        />
      </label>
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
        {total === null ? '' : `${total.toLocaleString()} session${total === 1 ? '' : 's'}`}
      </span>
    </div>
  );
}
