import type { ClientView } from '../../../shared/admin-views';
import { Badge } from '../../components/badges';
import { formatDateTime, formatDateTimeCompact } from '../../lib/time';
import { GRANT_LABEL } from './grant-labels';
import { countOf } from '../../lib/plural';

/**
 * Every registered client. The table is fixed-layout; as it narrows (the side panel open) the
 * grants, redirect URIs and last use give way (container queries in styles/screens.css): the
 * panel shows them all.
 */
export function ClientsTable({
  clients,
  selectedId,
  onOpen,
}: {
  clients: ClientView[];
  selectedId: string | null;
  onOpen(clientId: string): void;
}) {
  return (
    <table className="table entity-table clients-table" aria-label="Clients">
      <thead>
        <tr>
          <th scope="col" className="c-name">
            Client
          </th>
          <th scope="col" className="c-type">
            Type
          </th>
          <th scope="col" className="c-grants">
            Grants
          </th>
          <th scope="col" className="c-uris">
            Redirect URIs
          </th>
          <th scope="col" className="c-used">
            Last used
          </th>
          <th scope="col" className="c-sessions" title="Active sessions holding its tokens">
            Sessions
          </th>
          <th scope="col" className="c-status">
            Status
          </th>
        </tr>
      </thead>
      <tbody>
        {clients.map((c) => {
          const grants = c.grantTypes.map((g) => GRANT_LABEL[g]).join(', ') || 'none';
          return (
            <tr
              key={c.clientId}
              className={`${c.clientId === selectedId ? 'is-selected' : ''} ${c.enabled ? '' : 'is-inactive'}`}
              data-client-id={c.clientId}
              onClick={() => onOpen(c.clientId)}
            >
              <td className="c-name">
                <button
                  type="button"
                  className="row-link cut"
                  title={`${c.name} (${c.clientId})`}
                  onClick={(e) => {
                    e.stopPropagation();
                    onOpen(c.clientId);
                  }}
                >
                  {c.name}
                </button>
                <span className="cut mono small muted" title={c.clientId}>
                  {c.clientId}
                </span>
              </td>
              <td className="c-type">
                <Badge value={c.type} />
              </td>
              <td className="c-grants">
                <span className="cut small" title={c.grantTypes.join(', ') || 'no grant'}>
                  {grants}
                </span>
              </td>
              <td className="c-uris">
                {c.redirectUris.length ? (
                  <span className="cut mono small" title={c.redirectUris.join('\n')}>
                    {c.redirectUris[0]}
                  </span>
                ) : (
                  <span className="muted small">none</span>
                )}
                {c.redirectUris.length > 1 && <span className="muted small">+{c.redirectUris.length - 1} more</span>}
              </td>
              <td
                className="c-used small"
                title={c.lastUsedAt === null ? 'Never used' : `Last used ${formatDateTime(c.lastUsedAt)}`}
              >
                {c.lastUsedAt === null ? <span className="muted">never</span> : formatDateTimeCompact(c.lastUsedAt)}
              </td>
              <td
                className="c-sessions mono"
                title={`${countOf(c.activeSessions, 'active session')}, ${countOf(c.liveRefreshTokens, 'live refresh token')}`}
              >
                {c.activeSessions.toLocaleString('en')}
              </td>
              <td className="c-status">
                <Badge value={c.enabled ? 'enabled' : 'disabled'} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
