import { useCallback, useMemo } from 'react';
import { SearchToolbar, useDebouncedSearch } from '../../components/search-toolbar';
import { useShallow } from 'zustand/react/shallow';
import { Badge } from '../../components/badges';
import { EmptyState, ErrorState, LoadingState, Panel, ScreenHeader } from '../../components/states';
import { downloadText } from '../../lib/download';
import { formatDateTime, formatDateTimeCompact } from '../../lib/time';
import { useStore } from '../../store/store';
import { useAuditLog } from '../../server-state/audit';
import { messageOf } from '../../server-state/query-client';
import { useUsers } from '../../server-state/users';
import { AuditDetails } from './audit-details';
import { AUDIT_TYPES } from '../../../shared/audit-types';
import { auditTone, toJsonLines } from './audit-types';
import { TableHead } from '../../components/table-head';
import { countOf } from '../../lib/plural';

export function AuditScreen() {
  const { filter, fresh, setFilter, notify } = useStore(
    useShallow((s) => ({ ...s.audit, setFilter: s.setAuditFilter, notify: s.notify })),
  );
  const log = useAuditLog(filter);
  const entries = useMemo(() => log.data?.pages.flat() ?? [], [log.data]);
  const older = async () => {
    const result = await log.fetchNextPage();
    if (result.isError) notify('error', `Loading older entries failed: ${messageOf(result.error)}`);
  };
  const commitText = useCallback((text: string) => setFilter({ text }), [setFilter]);
  const [text, setText] = useDebouncedSearch(filter.text, commitText, 200);
  // user ids show as the name an admin recognises: the server names listed entries, the users list pushed ones
  const users = useUsers().data;
  const names = useMemo(() => new Map((users ?? []).map((u) => [u.id, u.username])), [users]);
  const nameOf = (id: string) => names.get(id) ?? id;

  const exportLines = () => {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
    downloadText(`gatehouse-audit-${stamp}.jsonl`, toJsonLines(entries), 'application/x-ndjson');
  };

  return (
    <div className="screen">
      <ScreenHeader
        title="Audit log"
        subtitle="Every login, refresh, revocation and admin action, newest first. New entries appear live."
        actions={
          <button type="button" className="btn" disabled={!entries.length} onClick={exportLines}>
            Export JSON lines
          </button>
        }
      />
      <SearchToolbar
        label="Filter audit log"
        searchLabel="Search audit log"
        placeholder="Search actor, subject, details…"
        value={text}
        onChange={setText}
        before={
          <>
            <label className="field field-inline">
              <span>Type</span>
              <select aria-label="Type" value={filter.type} onChange={(e) => setFilter({ type: e.target.value })}>
                <option value="">All types</option>
                {AUDIT_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            </label>
          </>
        }
      >
        <span className="toolbar-count">
          {log.data
            ? log.hasNextPage
              ? `${entries.length.toLocaleString('en')}+ entries`
              : countOf(entries.length, 'entry', 'entries')
            : ''}
        </span>
      </SearchToolbar>
      <Panel title="Entries" labelledBy="audit-entries-title">
        {log.isPending && <LoadingState label="Loading the audit log…" />}
        {log.isError && !log.data && <ErrorState message={messageOf(log.error)} onRetry={() => void log.refetch()} />}
        {log.data && entries.length === 0 && (
          <EmptyState title="No entries match">
            Change the filters, or wait: new events appear here as they happen.
          </EmptyState>
        )}
        {log.data && entries.length > 0 && (
          <table className="table audit-table" aria-label="Audit entries">
            {/* fixed layout: the columns share the card's width and never push it wider */}
            <colgroup>
              <col className="audit-col-time" />
              <col className="audit-col-type" />
              <col className="audit-col-actor" />
              <col className="audit-col-subject" />
              <col />
            </colgroup>
            <TableHead columns={['Time', 'Type', 'Actor', 'Subject', 'Details']} />
            <tbody>
              {entries.map((e) => {
                const actor = e.actorName ?? names.get(e.actor);
                const subject = e.subjectName ?? names.get(e.subject);
                return (
                  <tr key={e.id} className={fresh.has(e.id) ? 'is-fresh' : ''} data-audit-id={e.id}>
                    <td className="cut" title={formatDateTime(e.at)}>
                      {formatDateTimeCompact(e.at)}
                    </td>
                    <td>
                      <Badge value={e.type} tone={auditTone(e.type)} title={e.type} />
                    </td>
                    <td className="cut" title={actor ? `${actor} (${e.actor})` : e.actor}>
                      {actor ?? e.actor}
                    </td>
                    {subject ? (
                      <td className="cut" title={`${subject} (${e.subject})`}>
                        {subject}
                      </td>
                    ) : (
                      <td className="mono small cut" title={e.subject}>
                        {e.subject}
                      </td>
                    )}
                    <td className="small">
                      <AuditDetails detail={e.detail} nameOf={nameOf} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {log.data && log.hasNextPage && (
          <div className="load-more">
            <button type="button" className="btn" disabled={log.isFetchingNextPage} onClick={() => void older()}>
              {log.isFetchingNextPage ? 'Loading…' : 'Load older entries'}
            </button>
          </div>
        )}
      </Panel>
    </div>
  );
}
