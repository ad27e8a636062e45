import { useId, useState, type KeyboardEvent } from 'react';
import type { ClientView } from '../../../shared/admin-views';
import { CopyButton } from '../../components/copy-button';
import { rovingIndex } from '../../lib/roving';
import { discoveryUrl, genericOidcSettings, openidClientSnippet, settingsText } from '../../../shared/quick-start';

const TABS = [
  { id: 'openid-client', label: 'openid-client (Node.js)' },
  { id: 'generic', label: 'Any OIDC library' },
] as const;
type Tab = (typeof TABS)[number]['id'];

/** What a developer needs to point their app at this client: the values, then code or settings to paste. */
export function QuickStart({ client, issuer }: { client: ClientView; issuer: string }) {
  const [tab, setTab] = useState<Tab>('openid-client');
  const base = useId();
  const snippet = openidClientSnippet(client, issuer);
  const settings = genericOidcSettings(client, issuer);
  const onKey = (e: KeyboardEvent) => {
    const index = rovingIndex(
      e.key,
      TABS.findIndex((t) => t.id === tab),
      TABS.length,
    );
    if (index === null) return;
    e.preventDefault();
    const next = TABS[index]!.id;
    setTab(next);
    document.getElementById(`${base}-tab-${next}`)?.focus();
  };
  return (
    <section className="quick-start" aria-labelledby={`${base}-title`}>
      <h3 id={`${base}-title`}>Quick start</h3>
      <dl className="facts copy-facts" aria-label="Quick start values">
        <dt>Issuer</dt>
        <dd>
          <span className="mono selectable" data-value="issuer">
            {issuer}
          </span>
          <CopyButton text={issuer} what="issuer URL" />
        </dd>
        <dt>Discovery</dt>
        <dd>
          <span className="mono selectable">{discoveryUrl(issuer)}</span>
          <CopyButton text={discoveryUrl(issuer)} what="discovery URL" />
        </dd>
        <dt>Client id</dt>
        <dd>
          <span className="mono selectable" data-value="client-id">
            {client.clientId}
          </span>
          <CopyButton text={client.clientId} what="client id" />
        </dd>
        {client.redirectUris.map((uri, i) => (
          <RedirectFact key={uri} uri={uri} first={i === 0} />
        ))}
      </dl>
      <div className="tabs" role="tablist" aria-label="Quick start format" onKeyDown={onKey}>
        {TABS.map((t) => (
          <button
            key={t.id}
            id={`${base}-tab-${t.id}`}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            aria-controls={`${base}-panel`}
            tabIndex={tab === t.id ? 0 : -1}
            className={tab === t.id ? 'is-on' : ''}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div id={`${base}-panel`} role="tabpanel" aria-labelledby={`${base}-tab-${tab}`} className="tab-panel">
        {tab === 'openid-client' ? (
          <>
            <div className="code-head">
              <span className="muted small">
                <code>npm install openid-client</code> (v6), then in an ES module:
              </span>
              <CopyButton text={snippet} what="openid-client snippet" />
            </div>
            <pre className="code" aria-label="openid-client snippet" tabIndex={0}>
              {snippet}
            </pre>
          </>
        ) : (
          <>
            <div className="code-head">
              <span className="muted small">What an OpenID Connect library asks for:</span>
              <CopyButton text={settingsText(settings)} what="OIDC settings" />
            </div>
            <dl className="facts oidc-settings" aria-label="OIDC settings">
              {settings.map((s) => (
                <Setting key={s.label} label={s.label} value={s.value} />
              ))}
            </dl>
          </>
        )}
      </div>
    </section>
  );
}

function RedirectFact({ uri, first }: { uri: string; first: boolean }) {
  return (
    <>
      <dt>{first ? 'Redirect URI' : ''}</dt>
      <dd>
        <span className="mono selectable">{uri}</span>
        <CopyButton text={uri} what="redirect URI" />
      </dd>
    </>
  );
}

function Setting({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd className={/URL|URI|Issuer|Client ID/.test(label) ? 'mono' : ''}>
        {value.split('\n').map((line) => (
          <div key={line}>{line}</div>
        ))}
      </dd>
    </>
  );
}
