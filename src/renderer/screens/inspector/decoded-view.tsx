import { HEADER_MEANINGS, type TokenInspection } from '../../../shared/jwt-inspect';
import { Badge } from '../../components/badges';
import { JsonView } from '../../components/json-view';
import { Panel } from '../../components/states';
import { useServerNow } from '../../lib/use-now';
import { ClaimsTable } from './claims-table';

const LEVEL_ICON = { danger: '⛔', warning: '⚠', info: 'ℹ' } as const;

/** Header, claims and warnings of one inspected token. */
export function DecodedView({ inspection: t }: { inspection: TokenInspection }) {
  const now = useServerNow();
  return (
    <div className="decoded">
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
