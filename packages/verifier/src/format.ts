/**
 * Pure compact-JWT parsing shared by the verifier (strict) and the token inspector (lenient).
 * No node, no DOM: runs in the main process and in the renderer alike.
 */

/** Longest compact token accepted (bytes of ASCII). Tokens over 4 KB already break cookies and headers. */
export const MAX_TOKEN_LENGTH = 8192;
const MAX_HEADER_SEGMENT = 1024;
const SEGMENT = /^[A-Za-z0-9_-]+$/;
const B64URL_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** char code → 6-bit value (-1 outside the alphabet); a table, since this runs on every token. */
const B64URL_VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < B64URL_CHARS.length; i++) B64URL_VALUES[B64URL_CHARS.charCodeAt(i)] = i;

/** Decodes unpadded base64url; null when the alphabet, length or trailing bits are not canonical. */
export function decodeBase64Url(segment: string): Uint8Array | null {
  if (segment.length % 4 === 1) return null;
  const bytes = new Uint8Array(Math.floor((segment.length * 3) / 4));
  return decodeBase64UrlInto(segment, bytes) ? bytes : null;
}

/**
 * Decodes unpadded base64url into `bytes` (exactly `floor(length * 3 / 4)` of them), without
 * allocating: the denylist looks up two ids this way on every request. False when not canonical.
 */
export function decodeBase64UrlInto(segment: string, bytes: Uint8Array): boolean {
  if (segment.length % 4 === 1 || bytes.length !== Math.floor((segment.length * 3) / 4)) return false;
  let buffer = 0;
  let bits = 0;
  let out = 0;
  for (let i = 0; i < segment.length; i++) {
    const code = segment.charCodeAt(i);
    const value = code < 128 ? B64URL_VALUES[code]! : -1;
    if (value < 0) return false;
    // only the low bits are ever read, so keep the accumulator small
    buffer = ((buffer << 6) | value) & 0xffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[out++] = (buffer >> bits) & 0xff;
    }
  }
  // leftover bits must be zero, or two different strings would decode to the same token
  return (buffer & ((1 << bits) - 1)) === 0;
}

export function encodeBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2;
    for (let c = 0; c < chars; c++) out += B64URL_CHARS[(n >> (18 - 6 * c)) & 63];
  }
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a segment to a JSON object; null if it is not one. */
export function decodeJsonSegment(segment: string): Record<string, unknown> | null {
  const bytes = decodeBase64Url(segment);
  if (!bytes) return null;
  try {
    const value: unknown = JSON.parse(utf8.decode(bytes));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

export type FormatProblem = {
  code: 'token_missing' | 'token_too_large' | 'token_malformed' | 'header_invalid';
  message: string;
};

export interface CompactParts {
  header: Record<string, unknown>;
  headerSegment: string;
  payloadSegment: string;
  signatureSegment: string;
}

/**
 * Strict pre-check of a compact JWS before any cryptography: size cap, exactly three non-empty
 * base64url parts without padding, and a header that is a JSON object.
 */
export function parseCompactJws(token: unknown, maxLength = MAX_TOKEN_LENGTH): CompactParts | FormatProblem {
  if (typeof token !== 'string' || token.length === 0)
    return { code: 'token_missing', message: 'no token was presented' };
  if (token.length > maxLength)
    return { code: 'token_too_large', message: `token is ${token.length} bytes; the limit is ${maxLength}` };
  const parts = token.split('.');
  if (parts.length === 5) return { code: 'token_malformed', message: 'encrypted tokens (JWE) are not accepted here' };
  if (parts.length !== 3)
    return { code: 'token_malformed', message: `a compact JWS has 3 parts; this has ${parts.length}` };
  const [headerSegment, payloadSegment, signatureSegment] = parts as [string, string, string];
  for (const [name, seg] of [
    ['header', headerSegment],
    ['payload', payloadSegment],
    ['signature', signatureSegment],
  ] as const) {
    if (!seg) return { code: 'token_malformed', message: `the ${name} part is empty` };
    if (!SEGMENT.test(seg)) return { code: 'token_malformed', message: `the ${name} part is not unpadded base64url` };
  }
  if (headerSegment.length > MAX_HEADER_SEGMENT) return { code: 'header_invalid', message: 'the header is too large' };
  const header = decodeJsonSegment(headerSegment);
  if (!header) return { code: 'header_invalid', message: 'the header is not a base64url JSON object' };
  return { header, headerSegment, payloadSegment, signatureSegment };
}

export const isFormatProblem = (x: CompactParts | FormatProblem): x is FormatProblem => 'code' in x;
