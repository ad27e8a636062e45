/**
 * Lenient, pure decoding of any JWT for the token inspector: it shows what a token says and what
 * is risky about it, without trusting it. Verification lives in the main process.
 */
import { decodeBase64Url, decodeJsonSegment } from './jwt-format';

export interface InspectionWarning {
  code:
    | 'alg_none'
    | 'no_exp'
    | 'long_lifetime'
    | 'symmetric_alg'
    | 'weak_secret'
    | 'sensitive_claim'
    | 'unknown_kid'
    | 'large_token'
    | 'dangerous_header'
    | 'not_yet_valid'
    | 'expired'
    | 'no_typ';
  level: 'danger' | 'warning' | 'info';
  message: string;
}

export interface ClaimNote {
  claim: string;
  value: unknown;
  meaning: string;
  /** For time claims: the value as an ISO date. */
  iso?: string;
}

export interface TokenInspection {
  kind: 'jws' | 'jwe' | 'invalid';
  header: Record<string, unknown> | null;
  claims: Record<string, unknown> | null;
  signatureBytes: number;
  sizeBytes: number;
  /** Why a part could not be decoded (empty when all decoded). */
  problems: string[];
  warnings: InspectionWarning[];
  notes: ClaimNote[];
}

/** Registered claims (RFC 7519 §4.1, RFC 9068, RFC 8693) and Gatehouse's own. */
export const CLAIM_MEANINGS: Record<string, string> = {
  iss: 'Issuer: who minted the token. Verifiers must compare it with the expected issuer.',
  sub: 'Subject: whom the token is about (here the user id).',
  aud: 'Audience: the resource server(s) that may accept it.',
  exp: 'Expiration time: not accepted on or after this moment (plus a small clock tolerance).',
  nbf: 'Not before: not accepted before this moment.',
  iat: 'Issued at: when it was minted.',
  jti: 'JWT ID: unique id of this token, what a denylist names.',
  sid: 'Session id: the server-side session the token belongs to; revoking it rejects the token at once.',
  ver: 'Token version of the user: bumping it invalidates every older token of the user.',
  client_id: 'OAuth client the token was issued to (RFC 9068).',
  scope: 'Space-separated scopes granted.',
  roles: 'Roles of the user at minting time; they stay in the token until it expires.',
  azp: 'Authorized party (OpenID Connect).',
  auth_time: 'When the user last actively authenticated.',
  nonce: 'Binds an ID token to a client request (OpenID Connect).',
  cnf: 'Confirmation key: proof-of-possession binding (RFC 7800).',
};

export const HEADER_MEANINGS: Record<string, string> = {
  alg: 'Signature algorithm. Verifiers must pick it from their own allow-list, never trust this value.',
  typ: 'Media type; at+jwt marks an OAuth access token (RFC 9068) so it cannot be confused with an ID token.',
  kid: 'Key id: which key of the issuer\u2019s JWKS signed it.',
  cty: 'Content type of the payload (nested JWTs).',
  jku: 'URL of a key set: trusting it lets an attacker supply their own key.',
  jwk: 'An embedded public key: trusting it lets an attacker sign with their own key.',
  x5u: 'URL of an X.509 chain: must never be fetched on trust.',
  x5c: 'An embedded X.509 chain.',
  crit: 'Extensions the verifier must understand or reject the token.',
  enc: 'Content encryption algorithm (JWE).',
};

const TIME_CLAIMS = new Set(['exp', 'nbf', 'iat', 'auth_time']);
const SENSITIVE = /pass(word)?|secret|ssn|social|credit|card|cvv|iban|private|api[_-]?key|dob|birth/i;
const LARGE_TOKEN = 4096;
const LONG_LIFETIME = 3600;

const isoOf = (v: unknown) =>
  typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < 1e11 ? new Date(v * 1000).toISOString() : undefined;

export function inspectToken(input: string, now: number): TokenInspection {
  const token = input.trim();
  const parts = token.split('.');
  const base = {
    header: null,
    claims: null,
    signatureBytes: 0,
    sizeBytes: token.length,
    problems: [] as string[],
    warnings: [] as InspectionWarning[],
    notes: [] as ClaimNote[],
  };
  if (parts.length === 5) {
    const header = decodeJsonSegment(parts[0]!);
    return {
      ...base,
      kind: 'jwe',
      header,
      problems: ['This is an encrypted token (JWE): only its header can be read without the decryption key.'],
    };
  }
  if (parts.length !== 3)
    return {
      ...base,
      kind: 'invalid',
      problems: [`A JWT has 3 dot-separated parts (5 for JWE); this has ${parts.length}.`],
    };
  const header = decodeJsonSegment(parts[0]!);
  const claims = decodeJsonSegment(parts[1]!);
  const signature = parts[2] ? decodeBase64Url(parts[2]) : new Uint8Array();
  const problems: string[] = [];
  if (!header) problems.push('The header is not base64url-encoded JSON.');
  if (!claims) problems.push('The payload is not base64url-encoded JSON.');
  if (!signature) problems.push('The signature is not unpadded base64url.');
  const result: TokenInspection = {
    ...base,
    kind: header && claims ? 'jws' : 'invalid',
    header,
    claims,
    signatureBytes: signature?.length ?? 0,
    problems,
  };
  result.warnings = warningsFor(result, now);
  result.notes = claims
    ? Object.entries(claims).map(([claim, value]) => ({
        claim,
        value,
        meaning: CLAIM_MEANINGS[claim] ?? 'Private claim: meaningful only to the issuer and its resource servers.',
        iso: TIME_CLAIMS.has(claim) ? isoOf(value) : undefined,
      }))
    : [];
  return result;
}

function warningsFor({ header, claims, sizeBytes, signatureBytes }: TokenInspection, now: number): InspectionWarning[] {
  const out: InspectionWarning[] = [];
  const alg = typeof header?.alg === 'string' ? header.alg : '';
  if (header && (alg.toLowerCase() === 'none' || signatureBytes === 0))
    out.push({
      code: 'alg_none',
      level: 'danger',
      message: 'Unsigned token (alg "none" or no signature): anyone can forge it. Never accept it.',
    });
  if (/^HS/i.test(alg))
    out.push({
      code: 'symmetric_alg',
      level: 'warning',
      message: 'HMAC-signed: every verifier holds the secret that can also mint tokens.',
    });
  for (const name of ['jku', 'jwk', 'x5u', 'x5c', 'crit']) {
    if (header && name in header)
      out.push({ code: 'dangerous_header', level: 'danger', message: `Header "${name}": ${HEADER_MEANINGS[name]}` });
  }
  if (header && !header.typ)
    out.push({
      code: 'no_typ',
      level: 'info',
      message: 'No "typ" header: the token type cannot be told apart (RFC 8725 §3.11).',
    });
  if (claims) {
    const { exp, iat, nbf } = claims;
    if (typeof exp !== 'number')
      out.push({ code: 'no_exp', level: 'danger', message: 'No "exp" claim: the token never expires.' });
    else if (exp <= now) out.push({ code: 'expired', level: 'info', message: 'The token has expired.' });
    if (typeof exp === 'number' && typeof iat === 'number' && exp - iat > LONG_LIFETIME)
      out.push({
        code: 'long_lifetime',
        level: 'warning',
        message: `Lifetime ${Math.round((exp - iat) / 60)} min: access tokens should live minutes, not hours.`,
      });
    if (typeof nbf === 'number' && nbf > now)
      out.push({ code: 'not_yet_valid', level: 'info', message: 'The token is not valid yet (nbf in the future).' });
    const sensitive = Object.keys(claims).filter((k) => SENSITIVE.test(k));
    if (sensitive.length)
      out.push({
        code: 'sensitive_claim',
        level: 'warning',
        message: `Claims that look sensitive (${sensitive.join(', ')}): a JWS payload is readable by anyone who holds the token.`,
      });
  }
  if (sizeBytes > LARGE_TOKEN)
    out.push({
      code: 'large_token',
      level: 'warning',
      message: `${sizeBytes} bytes: over 4 KB breaks cookies and many proxies' header limits.`,
    });
  return out;
}

/** "in 42 s", "3 min ago": a time relative to now, for countdowns. */
export function describeRelative(at: number, now: number): string {
  const d = at - now;
  const abs = Math.abs(d);
  const span =
    abs < 60
      ? `${abs} s`
      : abs < 3600
        ? `${Math.round(abs / 60)} min`
        : abs < 86_400
          ? `${Math.round(abs / 360) / 10} h`
          : `${Math.round(abs / 8640) / 10} d`;
  return d >= 0 ? `in ${span}` : `${span} ago`;
}
