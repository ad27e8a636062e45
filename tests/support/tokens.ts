import { createHmac, randomBytes, sign, type KeyObject } from 'node:crypto';
import type { Gatehouse } from '../../src/main/auth/gatehouse';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** base64url (unpadded) of bytes, a string, or a value serialised as JSON. */
export function b64u(value: Uint8Array | string | object): string {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64url');
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

/** The same bytes as `segment`, spelled with non-zero trailing bits (two strings, one decoding). */
export function nonCanonical(segment: string): string {
  const spare = segment.length % 4 === 2 ? 4 : segment.length % 4 === 3 ? 2 : 0;
  if (!spare) throw new Error('this segment has no trailing bits; pick a length that is not a multiple of 3 bytes');
  const last = ALPHABET.indexOf(segment.at(-1)!);
  return segment.slice(0, -1) + ALPHABET[last | 1];
}

/** Signs `headerSegment.payloadSegment` as JWS `alg` would (ES256 in IEEE P-1363 form), returning the compact token. */
export function signSegments(
  headerSegment: string,
  payloadSegment: string,
  alg: string,
  key: KeyObject | Uint8Array,
): string {
  const input = Buffer.from(`${headerSegment}.${payloadSegment}`);
  let signature: Buffer;
  if (/^HS(256|384|512)$/.test(alg))
    signature = createHmac(`sha${alg.slice(2)}`, key as Uint8Array)
      .update(input)
      .digest();
  else if (alg === 'EdDSA') signature = sign(null, input, key as KeyObject);
  else if (alg === 'ES256') signature = sign('sha256', input, { key: key as KeyObject, dsaEncoding: 'ieee-p1363' });
  else signature = sign('sha256', input, key as KeyObject);
  return `${headerSegment}.${payloadSegment}.${signature.toString('base64url')}`;
}

/** A hand-built token: any header members, any claims, signed with the given key. */
export function buildToken(header: Record<string, unknown>, claims: unknown, key: KeyObject | Uint8Array): string {
  return signSegments(b64u(header), b64u(claims as object), String(header.alg), key);
}

/** Claims that the gatehouse accepts as issued now (the session id need not exist: verification reads no store). */
export function acceptedClaims(gatehouse: Gatehouse, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const s = gatehouse.settings.get();
  const now = gatehouse.clock.now();
  return {
    iss: s.issuer,
    aud: s.audience,
    sub: 'user-hand-built',
    sid: 'session-hand-built',
    jti: randomBytes(12).toString('base64url'),
    iat: now,
    exp: now + 60,
    ver: 0,
    ...overrides,
  };
}

/** Signs with the ring's real active key: the only way to get a valid signature over hostile headers or claims. */
export function signWithRing(gatehouse: Gatehouse, claims: unknown, header: Record<string, unknown> = {}): string {
  const { kid, alg, privateKey } = gatehouse.ring.signingKey();
  return buildToken({ alg, typ: 'at+jwt', kid, ...header }, claims, privateKey);
}
