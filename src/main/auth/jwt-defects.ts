/**
 * The one home for "a JWT wrong in one way": decoding and re-encoding its parts, and the defects
 * that do not depend on which token it is (a broken signature, `alg: none`, a header that is not
 * JSON, a value with a `1` appended as the conformance suite does). The id_token defects of a test
 * instance (`id-token-defects.ts`) and the app checks' access-token cases (`app-checks/`) build on it.
 */
export type JwtJson = Record<string, unknown>;

export function decodeJwtPart(part: string | undefined): JwtJson {
  const value: unknown = JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JWT');
  return value as JwtJson;
}

export const encodeJwtPart = (value: JwtJson): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The conformance suite's wrong value: the right one with a `1` appended. */
export const appendOne = (value: unknown): string => `${typeof value === 'string' ? value : ''}1`;

/** `jws` with one byte of its signature flipped: the header and claims are untouched. */
export function breakSignature(jws: string): string {
  const [header, payload, signature] = jws.split('.');
  const bytes = Buffer.from(signature ?? '', 'base64url');
  const middle = bytes.length >> 1;
  bytes[middle] = (bytes[middle] ?? 0) ^ 0xff;
  return `${header}.${payload}.${bytes.toString('base64url')}`;
}

/** RFC 7519 §6.1: an Unsecured JWT (`alg: none`, empty signature) with the given header's other members. */
export function unsecuredJwt(header: JwtJson, claims: JwtJson): string {
  const { kid: _kid, alg: _alg, ...rest } = header;
  return `${encodeJwtPart({ ...rest, alg: 'none' })}.${encodeJwtPart(claims)}.`;
}

/** `jws` whose header segment is cut in the middle of its JSON: well-formed base64url, not a JSON object. */
export function malformHeader(jws: string): string {
  const [header, payload, signature] = jws.split('.');
  const json = Buffer.from(header ?? '', 'base64url').toString('utf8');
  const cut = Buffer.from(json.slice(0, Math.max(1, json.length - 2))).toString('base64url');
  return `${cut}.${payload}.${signature}`;
}
