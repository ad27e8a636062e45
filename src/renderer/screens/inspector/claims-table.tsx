import { describeRelative, type ClaimNote } from '../../../shared/jwt-inspect';
import { formatDateTime } from '../../lib/time';
import { TableHead } from '../../components/table-head';

const VERBS: Record<string, [string, string]> = {
  exp: ['expires', 'expired'],
  nbf: ['valid', 'valid since'],
  iat: ['issued', 'issued'],
  auth_time: ['authenticated', 'authenticated'],
};

/** "expires in 42 s" / "issued 3 min ago": the verb fits the claim and the direction of time. */
export function humanTime(claim: string, at: number, now: number): string {
  const [future, past] = VERBS[claim] ?? ['at', 'at'];
  const rel = describeRelative(at, now);
  return `${at >= now ? future : past} ${rel}`;
}

/** Each claim with its raw value, its time in human form, and what it means. */
export function ClaimsTable({ notes, now }: { notes: ClaimNote[]; now: number }) {
  return (
    <table className="table claims" aria-label="Claims">
      <TableHead columns={['Claim', 'Value', 'Meaning']} />
      <tbody>
        {notes.map((n) => (
          <tr key={n.claim} data-claim={n.claim}>
            <th scope="row" className="mono">
              {n.claim}
            </th>
            <td>
              <div className="mono claim-value">{typeof n.value === 'string' ? n.value : JSON.stringify(n.value)}</div>
              {n.iso && typeof n.value === 'number' && (
                <div className="small claim-time">
                  <span className="strong">{humanTime(n.claim, n.value, now)}</span>{' '}
                  <span className="muted">
                    · {formatDateTime(n.value)} · {n.iso}
                  </span>
                </div>
              )}
            </td>
            <td className="muted small">{n.meaning}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
