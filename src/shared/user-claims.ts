/**
 * A user's custom claims (UserInfo serves them, with `email` and `name` for the `email` and
 * `profile` scopes): pure, so the console validates while the user types.
 */

/** Names the tokens themselves use (RFC 7519, RFC 9068, OpenID Connect, Gatehouse): never custom. */
export const REGISTERED_CLAIMS: ReadonlySet<string> = new Set([
  'iss',
  'sub',
  'aud',
  'exp',
  'nbf',
  'iat',
  'jti',
  'sid',
  'ver',
  'scope',
  'client_id',
  'roles',
  'auth_time',
  'nonce',
  'at_hash',
  'c_hash',
  'acr',
  'amr',
  'azp',
  'cnf',
  'typ',
  'events',
  'act',
  'may_act',
]);
/** Custom claims are served on every UserInfo call: keep them small. */
export const MAX_CLAIMS_BYTES = 8192;
/**
 * The longest id_token Gatehouse issues, so the longest `id_token_hint` it reads back: a user's
 * custom claims travel in every id_token beside the protocol's own (at most another 8 KiB: nonce,
 * client_id and the like are each ≤ 2048 characters), base64url-encoded (4 characters per 3 bytes),
 * with a header and a signature. Longer than an access token may be (the verifier's 8192), and longer
 * than a GET's request line may be (Node's 16 KiB of headers): a long hint is POSTed.
 */
export const MAX_ID_TOKEN_LENGTH = Math.ceil(((MAX_CLAIMS_BYTES + 8192) * 4) / 3) + 1024;

/** Why `value` cannot be a user's custom claims, or null when it can. */
export function checkCustomClaims(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'custom claims are a JSON object';
  const reserved = Object.keys(value).filter((name) => REGISTERED_CLAIMS.has(name));
  if (reserved.length)
    return `${reserved.join(', ')}: registered claim name${reserved.length > 1 ? 's' : ''}, set by Gatehouse itself`;
  const bad = Object.keys(value).find((name) => !/^[A-Za-z0-9_.:-]{1,64}$/.test(name));
  if (bad !== undefined) return `${JSON.stringify(bad.slice(0, 70))}: a claim name is 1–64 letters, digits or _ . : -`;
  const json = JSON.stringify(value);
  if (new TextEncoder().encode(json).length > MAX_CLAIMS_BYTES) return `at most ${MAX_CLAIMS_BYTES} bytes of JSON`;
  return null;
}
