import { formatDateTime } from '../../lib/time';

/** Field names as an admin reads them; others are split from camelCase. */
const LABELS: Record<string, string> = {
  ip: 'IP',
  userAgent: 'user agent',
  tokenId: 'refresh token',
  sid: 'session',
  sub: 'user',
  jti: 'jti',
  userId: 'user',
  alg: 'algorithm',
  newUsers: 'new users',
  activatesAt: 'activates',
  ttl: 'TTL',
};
/** Fields that hold a user id: shown as the user's name, the id in the tooltip. */
const USER_FIELDS = new Set(['userId', 'sub']);

const labelOf = (key: string) => LABELS[key] ?? key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();

function valueOf(key: string, value: unknown, nameOf: (id: string) => string): { text: string; title: string } {
  if (typeof value === 'string' && USER_FIELDS.has(key)) {
    const name = nameOf(value);
    return { text: name, title: name === value ? value : `${name} (${value})` };
  }
  let text: string;
  if (value === null || value === undefined) text = '—';
  else if (typeof value === 'number' && /At$/.test(key)) text = formatDateTime(value);
  else if (Array.isArray(value))
    text = value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ');
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  return { text, title: text };
}

/**
 * An audit entry's details as labelled fields ("reason: …", "user agent: …") that wrap inside the
 * cell; a value longer than the cell ends with an ellipsis and shows in full on hover.
 */
export function AuditDetails({ detail, nameOf }: { detail: Record<string, unknown>; nameOf: (id: string) => string }) {
  const fields = Object.entries(detail);
  if (!fields.length) return null;
  return (
    <dl className="audit-details">
      {fields.map(([key, value]) => {
        const { text, title } = valueOf(key, value, nameOf);
        return (
          <div key={key} className="audit-field">
            <dt>{labelOf(key)}</dt>
            <dd className="cut" title={title}>
              {text}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
