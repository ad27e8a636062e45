/**
 * Every audit entry type the server writes: the one list the audit writer is typed by (so a type
 * that is not here fails to compile) and the console's type filter is built from. Adding a type
 * is one line here.
 */
export const AUDIT_TYPES = [
  'login.succeeded',
  'login.failed',
  'login.throttled',
  'client.auth_failed',
  'session.minted',
  'session.refreshed',
  'session.revoked',
  'refresh.reuse_detected',
  'refresh.rejected',
  'authorization.code_replayed',
  'token.issued',
  'token.denylisted',
  'denylist.removed',
  'logout.delivered',
  'logout.retrying',
  'logout.failed',
  'user.created',
  'user.updated',
  'user.claims_set',
  'user.disabled',
  'user.enabled',
  'user.password_reset',
  'user.deleted',
  'user.version_bumped',
  'user.sessions_revoked',
  'client.created',
  'client.updated',
  'client.disabled',
  'client.secret_rotated',
  'client.deleted',
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
  'clock.reset',
  'seed.imported',
  /** App checks (issue 20): a run against a developer's API started and ended. */
  'checks.started',
  'checks.finished',
] as const;

export type AuditType = (typeof AUDIT_TYPES)[number];
