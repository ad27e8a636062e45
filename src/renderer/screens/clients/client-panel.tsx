import { useShallow } from 'zustand/react/shallow';
import type { ClientView } from '../../../shared/admin-views';
import { PKCE_OFF_WARNING } from '../../../shared/clients';
import { Badge } from '../../components/badges';
import { CopyButton } from '../../components/copy-button';
import type { ShownSecret } from '../../components/secret-dialog';
import { EmptyState } from '../../components/states';
import { formatDateTime } from '../../lib/time';
import { useDetailPanel } from '../../lib/use-detail-panel';
import { useStore } from '../../store/store';
import { useClientActions, useClients } from '../../server-state/clients';
import type { ClientAction } from './client-actions';
import { ClientForm } from './client-form';
import { GRANT_LABEL } from './grant-labels';
import { QuickStart } from './quick-start';
import { countOf } from '../../lib/plural';

/** The side panel: a client's registration, what it affects, what can be done to it, and how to use it. */
export function ClientPanel({
  onAction,
  onSecret,
}: {
  onAction(a: ClientAction): void;
  onSecret(s: ShownSecret): void;
}) {
  const { panel, setPanel, info } = useStore(
    useShallow((s) => ({ panel: s.clients.panel, setPanel: s.setClientPanel, info: s.info })),
  );
  const list = useClients().data ?? [];
  const clientId = panel && panel.mode !== 'create' ? panel.clientId : null;
  const { panelProps, close } = useDetailPanel(
    panel ? (clientId ?? 'new') : null,
    () => setPanel(null),
    clientId && `tr[data-client-id="${CSS.escape(clientId)}"]`,
  );
  if (!panel) return null;
  const client = panel.mode === 'create' ? undefined : list.find((c) => c.clientId === panel.clientId);
  const title = panel.mode === 'create' ? 'New client' : (client?.name ?? panel.clientId);
  return (
    <aside className="detail side-panel" aria-label="Client detail" {...panelProps}>
      <header className="detail-head">
        <div>
          <div className="eyebrow">
            {panel.mode === 'create' ? 'Register' : panel.mode === 'edit' ? 'Edit' : 'Client'}
          </div>
          <h2>
            <span className="cut" title={title}>
              {title}
            </span>
            {client && panel.mode === 'view' && <Badge value={client.enabled ? 'enabled' : 'disabled'} />}
          </h2>
        </div>
        <button type="button" className="icon-btn" aria-label="Close client detail" onClick={close}>
          ×
        </button>
      </header>
      <div className="detail-body">
        {panel.mode === 'create' && (
          <ClientForm
            onCancel={close}
            onSaved={close}
            onCreated={(c) => {
              if (c.clientSecret)
                onSecret({ clientId: c.clientId, name: c.name, secret: c.clientSecret, reason: 'created' });
            }}
          />
        )}
        {panel.mode !== 'create' && !client && (
          <EmptyState title="This client no longer exists">It was deleted, here or by another admin.</EmptyState>
        )}
        {panel.mode === 'edit' && client && (
          <ClientForm
            key={client.clientId}
            client={client}
            onCancel={() => setPanel({ mode: 'view', clientId: client.clientId })}
            onSaved={() => setPanel({ mode: 'view', clientId: client.clientId })}
            onCreated={() => undefined}
          />
        )}
        {panel.mode === 'view' && client && (
          <>
            <ClientFacts c={client} />
            <div className="button-row">
              <button
                type="button"
                className="btn"
                onClick={() => setPanel({ mode: 'edit', clientId: client.clientId })}
              >
                Edit
              </button>
              {client.enabled ? (
                <button type="button" className="btn" onClick={() => onAction({ kind: 'disable', client })}>
                  Disable
                </button>
              ) : (
                <EnableButton client={client} />
              )}
              {client.type === 'confidential' && (
                <button type="button" className="btn" onClick={() => onAction({ kind: 'rotate', client })}>
                  Rotate secret…
                </button>
              )}
              <button
                type="button"
                className="btn btn-ghost-danger"
                onClick={() => onAction({ kind: 'delete', client })}
              >
                Delete…
              </button>
            </div>
            {info && <QuickStart client={client} issuer={info.issuer} />}
          </>
        )}
      </div>
    </aside>
  );
}

function EnableButton({ client }: { client: ClientView }) {
  const { setClientEnabled: setEnabled, busy } = useClientActions();
  return (
    <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void setEnabled(client, true)}>
      Enable
    </button>
  );
}

function UriList({ uris, empty }: { uris: string[]; empty: string }) {
  if (!uris.length) return <span className="muted">{empty}</span>;
  return (
    <ul className="uri-list">
      {uris.map((u) => (
        <li key={u} className="mono">
          {u}
        </li>
      ))}
    </ul>
  );
}

function ClientFacts({ c }: { c: ClientView }) {
  return (
    <dl className="facts" aria-label="Registration">
      <dt>Client id</dt>
      <dd className="copy-fact">
        <span className="mono selectable">{c.clientId}</span>
        <CopyButton text={c.clientId} what="client id" />
      </dd>
      <dt>Type</dt>
      <dd>
        <Badge value={c.type} /> <code>{c.tokenEndpointAuthMethod}</code>
        <div className="muted small">
          {c.type === 'public'
            ? 'No secret: PKCE is its only proof.'
            : 'Authenticates with its secret (only its hash is stored).'}
        </div>
      </dd>
      <dt>Grants</dt>
      <dd>
        {c.grantTypes.length ? (
          c.grantTypes.map((g) => (
            <span key={g} className="app-chip" title={g}>
              {GRANT_LABEL[g]}
            </span>
          ))
        ) : (
          <span className="muted">none: introspection and revocation only</span>
        )}
      </dd>
      <dt>Redirect URIs</dt>
      <dd>
        <UriList uris={c.redirectUris} empty="none" />
      </dd>
      <dt>Post-logout</dt>
      <dd>
        <UriList uris={c.postLogoutRedirectUris} empty="none" />
      </dd>
      <dt>Back-channel logout</dt>
      <dd className={c.backchannelLogoutUri ? 'mono' : 'muted'}>{c.backchannelLogoutUri ?? 'not registered'}</dd>
      <dt>Audience</dt>
      <dd className={c.audience ? 'mono' : 'muted'}>{c.audience ?? "the deployment's audience"}</dd>
      <dt>Scopes</dt>
      <dd aria-label="Registered scopes">
        {c.scopes.length ? (
          c.scopes.map((s) => (
            <span key={s} className="app-chip mono">
              {s}
            </span>
          ))
        ) : (
          <span className="muted">none: only the OpenID scopes of a sign-in</span>
        )}
      </dd>
      <dt>PKCE</dt>
      <dd aria-label="PKCE">
        {c.requirePkce ? (
          'required (S256)'
        ) : (
          <>
            optional <span className="muted small">{PKCE_OFF_WARNING}</span>
          </>
        )}
      </dd>
      <dt>Response types</dt>
      <dd className="mono" aria-label="Response types">
        {c.responseTypes.join(' ')}
      </dd>
      <dt>id_tokens</dt>
      <dd aria-label="id_tokens">
        <span className="mono">{c.idTokenSignedResponseAlg ?? 'RS256'}</span>,{' '}
        {(c.idTokenClaims ?? 'scopes') === 'minimal'
          ? 'minimal: protocol claims and those asked for'
          : "with the scopes' claims"}
      </dd>
      <dt>In use</dt>
      <dd>
        {countOf(c.activeSessions, 'active session')}, {countOf(c.liveRefreshTokens, 'live refresh token')}
      </dd>
      <dt>Last used</dt>
      <dd>{c.lastUsedAt === null ? <span className="muted">never</span> : formatDateTime(c.lastUsedAt)}</dd>
      <dt>Token version</dt>
      <dd className="mono" title="Raised when it is disabled or its secret rotated: its own tokens end">
        {c.tokenVersion}
      </dd>
      <dt>Registered</dt>
      <dd>
        {formatDateTime(c.createdAt)}
        {c.updatedAt !== c.createdAt && <span className="muted small"> · changed {formatDateTime(c.updatedAt)}</span>}
      </dd>
    </dl>
  );
}
