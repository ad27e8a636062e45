import { HEADER_MEANINGS, type TokenInspection } from '../../../shared/jwt-inspect';
import { Badge } from '../../components/badges';
import { JsonView } from '../../components/json-view';
import { Panel } from '../../components/states';
import { useServerNow } from '../../lib/use-now';
import { useStore } from '../../store/store';
import { useClients } from '../../server-state/clients';
import { ClaimsTable } from './claims-table';

const LEVEL_ICON = { danger: '⛔', warning: '⚠', info: 'ℹ' } as const;

/** Header, claims and warnings of one inspected token. */
export function DecodedView({ inspection: t }: { inspection: TokenInspection }) {
  const now = useServerNow();
  return (
    <div className="decoded">
      <TokenTypeNote inspection={t} />
      {t.kind === 'jwe' && (
        <div className="callout callout-info" role="note">
          <strong>Encrypted token (JWE).</strong> Only its header can be read; the claims are encrypted and need the
          recipient&apos;s decryption key, which this console does not have.
        </div>
      )}
      {t.problems.length > 0 && t.kind !== 'jwe' && (
        <div className="callout callout-danger" role="alert">
          <strong>{t.kind === 'invalid' ? 'Not a decodable JWT.' : 'Problems:'}</strong>
          <ul>
            {t.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      {t.warnings.length > 0 && (
        <Panel title={`Warnings (${t.warnings.length})`} labelledBy="warnings-title">
          <ul className="warnings" aria-label="Token warnings">
            {t.warnings.map((w) => (
              <li key={w.code + w.message} className={`warning warning-${w.level}`}>
                <span aria-hidden="true">{LEVEL_ICON[w.level]}</span>
                <Badge value={w.level} />
                <span>{w.message}</span>
              </li>
            ))}
          </ul>
        </Panel>
      )}
      {t.header && (
        <Panel
          title="Header"
          labelledBy="header-title"
          actions={<span className="muted small">{t.kind === 'jws' ? `signature ${t.signatureBytes} bytes` : ''}</span>}
        >
          <table className="table table-compact" aria-label="Header fields">
            <tbody>
              {Object.entries(t.header).map(([name, value]) => (
                <tr key={name}>
                  <th scope="row" className="mono">
                    {name}
                  </th>
                  <td className="mono">{typeof value === 'string' ? value : JSON.stringify(value)}</td>
                  <td className="muted small">{HEADER_MEANINGS[name] ?? 'Non-standard header parameter.'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <details className="raw">
            <summary>JSON</summary>
            <JsonView value={t.header} label="Header JSON" />
          </details>
        </Panel>
      )}
      {t.claims && (
        <Panel title="Claims" labelledBy="claims-title">
          <ClaimsTable notes={t.notes} now={now} />
          <details className="raw" open>
            <summary>JSON</summary>
            <JsonView value={t.claims} label="Claims JSON" />
          </details>
        </Panel>
      )}
    </div>
  );
}

/** The app a token was issued to: aud for an ID or logout token, client_id for an access token. */
function clientIdOf(t: TokenInspection): string[] {
  const claims = t.claims ?? {};
  if (t.tokenType?.name === 'access_token') return typeof claims.client_id === 'string' ? [claims.client_id] : [];
  const aud = claims.aud;
  return (Array.isArray(aud) ? aud : [aud]).filter((a): a is string => typeof a === 'string');
}

/** What kind of token this is, what it is for, and (when the app is registered here) whose it is. */
function TokenTypeNote({ inspection: t }: { inspection: TokenInspection }) {
  const showClient = useStore((s) => s.showClient);
  const clients = useClients().data ?? [];
  if (!t.tokenType) return null;
  const ids = clientIdOf(t);
  const app = clients.find((c) => ids.includes(c.clientId));
  return (
    <div className="callout callout-info token-type" role="note" aria-label="Token type">
      <div>
        <strong>{t.tokenType.label}</strong> <span className="small">({t.tokenType.because})</span>
      </div>
      <p className="small">{t.tokenType.summary}</p>
      {app && (
        <p className="small">
          Issued to the app{' '}
          <button type="button" className="link" onClick={() => showClient(app.clientId)}>
            {app.name}
          </button>{' '}
          (<code>{app.clientId}</code>).
        </p>
      )}
    </div>
  );
}
