/**
 * Stable codes for every way an access token can be rejected. Clients, tests and the console
 * match on these; the messages may change, the codes may not.
 */
export const TOKEN_ERROR_CODES = [
  'token_missing',
  'token_malformed',
  'token_too_large',
  'header_invalid',
  'header_not_allowed',
  'alg_not_allowed',
  'typ_invalid',
  'kid_unknown',
  'signature_invalid',
  'claims_invalid',
  'lifetime_too_long',
  'iss_invalid',
  'aud_invalid',
  'token_expired',
  'token_not_yet_valid',
  'key_revoked',
  'key_retired',
  'jti_revoked',
  'session_revoked',
  'version_stale',
  /** Several instances: the revocation feed is down, so no token is trusted (fail closed). */
  'revocation_unavailable',
] as const;
export type TokenErrorCode = (typeof TOKEN_ERROR_CODES)[number];
