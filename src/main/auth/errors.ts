/** Codes of domain failures other than token verification (see shared/token-errors.ts). */
export type AuthErrorCode =
  | 'invalid_grant'
  /** OAuth 2.0 (RFC 6749 §5.2) and OpenID Connect codes, answered as they are by the endpoints. */
  | 'invalid_client'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'login_required'
  | 'login_throttled'
  | 'login_busy'
  | 'not_found'
  | 'conflict'
  | 'invalid_request'
  | 'invalid_state'
  | 'key_import_failed'
  | 'settings_invalid'
  | 'clock_disabled';

/** A failure the caller is meant to handle by its code; its message is safe to show. */
export class AuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    message: string,
    /** Seconds until a throttled (or refused as busy) caller may try again. */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}
