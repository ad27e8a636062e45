import { useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Badge } from '../../components/badges';
import { EmptyState, ErrorState, LoadingState, Panel, ScreenHeader } from '../../components/states';
import { downloadText } from '../../lib/download';
import { formatDateTime, formatDateTimeCompact } from '../../lib/time';
import { useStore } from '../../store/store';
import { AuditDetails } from './audit-details';
import { AUDIT_TYPES } from '../../../shared/audit-types';
import { auditTone, toJsonLines } from './audit-types';
import { TableHead } from '../../components/table-head';
import { countOf } from '../../lib/plural';

export function AuditScreen() {
  const a = useStore(
    useShallow((s) => ({ ...s.audit, setFilter: s.setAuditFilter, load: s.loadAudit, older: s.loadOlderAudit })),
  );
  const [text, setText] = useState(a.filter.text);
  // user ids show as the name an admin recognises: the server names listed entries, the users list pushed ones
  const users = useStore((s) => s.users.list);
  const loadUsers = useStore((s) => s.loadUsers);
  const names = useMemo(() => new Map(users.map((u) => [u.id, u.username])), [users]);
  const nameOf = (id: string) => names.get(id) ?? id;
  useEffect(() => {
    if (useStore.getState().users.state === 'idle') void loadUsers();
  }, [loadUsers]);
  const { load, setFilter } = a;
  const current = a.filter.text;
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (text === current) return;
    const t = setTimeout(() => setFilter({ text }), 200);
    return () => clearTimeout(t);
  }, [text, current, setFilter]);

  const exportLines = () => {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
    downloadText(`gatehouse-audit-${stamp}.jsonl`, toJsonLines(a.entries), 'application/x-ndjson');
  };

  return (
    <div className="screen">
      <ScreenHeader
        title="Audit log"
        subtitle="Every login, refresh, revocation and admin action, newest first. New entries appear live."
        actions={
          <button type="button" className="btn" disabled={!a.entries.length} onClick={exportLines}>
            Export JSON lines
          </button>
        }
      />
      <div className="toolbar" role="search" aria-label="Filter audit log">
        <label className="field field-inline">
          <span>Type</span>
          <select aria-label="Type" value={a.filter.type} onChange={(e) => a.setFilter({ type: e.target.value })}>
            <option value="">All types</option>
            {AUDIT_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label className="field field-inline field-grow">
          <span className="visually-hidden">Search audit log</span>
          <input
            type="search"
            aria-label="Search audit log"
            placeholder="Search actor, subject, details…"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </label>
        <span className="toolbar-count">
          {a.state === 'ready'
            ? a.hasMore
              ? `${a.entries.length.toLocaleString('en')}+ entries`
              : countOf(a.entries.length, 'entry', 'entries')
            : ''}
        </span>
      </div>
      <Panel title="Entries" labelledBy="audit-entries-title">
        {a.state === 'loading' && <LoadingState label="Loading the audit log…" />}
        {a.state === 'error' && (
          <ErrorState message={a.error ?? 'Could not load the audit log.'} onRetry={() => void a.load()} />
        )}
        {a.state === 'ready' && a.entries.length === 0 && (
          <EmptyState title="No entries match">
            Change the filters, or wait: new events appear here as they happen.
          </EmptyState>
        )}
        {a.state === 'ready' && a.entries.length > 0 && (
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
              {a.entries.map((e) => {
                const actor = e.actorName ?? names.get(e.actor);
                const subject = e.subjectName ?? names.get(e.subject);
                return (
                  <tr key={e.id} className={a.fresh.has(e.id) ? 'is-fresh' : ''} data-audit-id={e.id}>
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
        {a.state === 'ready' && a.hasMore && (
          <div className="load-more">
            <button type="button" className="btn" disabled={a.loadingOlder} onClick={() => void a.older()}>
              {a.loadingOlder ? 'Loading…' : 'Load older entries'}
            </button>
          </div>
        )}
      </Panel>
    </div>
  );
}
