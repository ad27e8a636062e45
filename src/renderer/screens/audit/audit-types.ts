/** Audit entry types the server records, for the type filter (the server matches exactly). */
export const AUDIT_TYPES = [
  'login.succeeded',
  'login.failed',
  'login.throttled',
  'client.auth_failed',
  'session.created',
  'session.minted',
  'session.refreshed',
  'session.revoked',
  'session.expired',
  'refresh.reuse_detected',
  'refresh.rejected',
  'token.denylisted',
  'denylist.removed',
  'user.created',
  'user.version_bumped',
  'user.sessions_revoked',
  'key.generated',
  'key.imported',
  'key.scheduled',
  'key.active',
  'key.retiring',
  'key.retired',
  'key.revoked',
  'settings.updated',
  'clock.set',
  'clock.advanced',
] as const;

export function auditTone(type: string): 'danger' | 'warn' | 'ok' | 'info' {
  if (/reuse|revoked|denylisted|throttled/.test(type)) return 'danger';
  if (/failed|rejected|bumped|removed/.test(type)) return 'warn';
  if (/succeeded|created|minted|generated|imported|activated/.test(type)) return 'ok';
  return 'info';
}

/** One line of the export: the entry exactly as the API returned it. */
export const toJsonLines = (entries: readonly object[]) =>
  entries.map((e) => JSON.stringify(e)).join('\n') + (entries.length ? '\n' : '');
