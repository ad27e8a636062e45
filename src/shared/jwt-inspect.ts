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
    | 'no_typ'
    | 'id_token'
    | 'logout_nonce'
    | 'logout_subject'
    | 'logout_claims';
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

/** What a token is for, told from its header and claims (never trusted: only a hint for the reader). */
export type TokenTypeName = 'access_token' | 'id_token' | 'logout_token' | 'jwt';

export interface TokenTypeView {
  name: TokenTypeName;
  label: string;
  /** What this kind of token is for and who checks what. */
  summary: string;
  /** What in the token gave it away. */
  because: string;
}

export interface TokenInspection {
  kind: 'jws' | 'jwe' | 'invalid';
  /** Null when the header or the claims could not be read. */
  tokenType: TokenTypeView | null;
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
  azp: 'Authorized party (OpenID Connect): the client the token was issued to.',
  auth_time: 'When the user last actively authenticated.',
  nonce: 'Binds an ID token to a client request (OpenID Connect).',
  at_hash: 'Access token hash (OpenID Connect): binds an ID token to the access token issued with it.',
  events: 'Security events the token reports (RFC 8417), e.g. a back-channel logout.',
  cnf: 'Confirmation key: proof-of-possession binding (RFC 7800).',
};

/** The member of `events` that makes a JWT a logout token (OpenID Connect Back-Channel Logout 1.0 §2.4). */
export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/** What a claim means in a given kind of token, where that says more than the generic meaning. */
export const CLAIM_MEANINGS_BY_TYPE: Record<TokenTypeName, Record<string, string>> = {
  access_token: {
    sub: 'Subject: the user id (or, for client_credentials, the client id of the app acting for itself).',
    aud: 'Audience: the API(s) that may accept it (the client\u2019s audience, or the deployment\u2019s).',
    client_id: 'The app (OAuth client) the token was issued to (RFC 9068).',
  },
  id_token: {
    iss: 'Issuer: Gatehouse\u2019s URL. The app must find exactly the issuer it discovered.',
    sub: 'Subject: the user\u2019s stable id at Gatehouse, what the app keys its account on.',
    aud: 'Audience: the client id of the app this ID token is for. An app refuses an ID token whose aud is not its own client id.',
    exp: 'Expiration time: the app refuses the ID token after this (it checks it once, at sign-in).',
    iat: 'Issued at: when Gatehouse issued it, at the code exchange.',
    auth_time:
      'When the user last typed their password at Gatehouse (what max_age and prompt=login are compared with).',
    nonce:
      'The random value the app put in its authorization request: it must equal the one the app kept, so a replayed ID token is refused.',
    sid: 'Gatehouse session id: shared by every app of one browser sign-in, and named again by the logout token when the session ends.',
    at_hash:
      'Left half of the SHA-256 of the access token issued with it, base64url: binds the two, so a swapped access token is noticed.',
    azp: 'Authorized party: the client id the token was issued to (equals aud here).',
    jti: 'Unique id of this ID token.',
  },
  logout_token: {
    iss: 'Issuer: the app must find exactly the issuer it trusts.',
    sub: 'Subject: the user whose session ended (may be left out when sid is given).',
    aud: 'Audience: the client id of the app being told to log out.',
    exp: 'Expiration time: a logout token lives minutes; the app refuses it afterwards.',
    iat: 'Issued at: when Gatehouse sent the notice (after the session ended).',
    jti: 'Unique id of this notice: the app remembers it for a while and refuses a replay.',
    sid: 'The Gatehouse session that ended: the app ends every session of its own created from it.',
    events: `Must hold the member ${BACKCHANNEL_LOGOUT_EVENT} (an empty object): that is what makes it a logout token.`,
    nonce: 'Forbidden in a logout token (it would pass for an ID token): refuse the token.',
  },
  jwt: {},
};

export const HEADER_MEANINGS: Record<string, string> = {
  alg: 'Signature algorithm. Verifiers must pick it from their own allow-list, never trust this value.',
  typ: 'Media type: at+jwt marks an OAuth access token (RFC 9068), JWT an ID token, logout+jwt a back-channel logout token, so that one cannot pass for another.',
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
    tokenType: null,
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
    tokenType: header && claims ? recogniseToken(header, claims) : null,
    header,
    claims,
    signatureBytes: signature?.length ?? 0,
    problems,
  };
  result.warnings = warningsFor(result, now);
  const meanings = { ...CLAIM_MEANINGS, ...CLAIM_MEANINGS_BY_TYPE[result.tokenType?.name ?? 'jwt'] };
  result.notes = claims
    ? Object.entries(claims).map(([claim, value]) => ({
        claim,
        value,
        meaning: meanings[claim] ?? 'Private claim: meaningful only to the issuer and its resource servers.',
        iso: TIME_CLAIMS.has(claim) ? isoOf(value) : undefined,
      }))
    : [];
  return result;
}

const TYPE_SUMMARY: Record<TokenTypeName, { label: string; summary: string }> = {
  access_token: {
    label: 'Access token',
    summary:
      'OAuth access token (RFC 9068): an app sends it as a Bearer token to an API, which verifies it on every request (signature, iss, aud, exp) and, at Gatehouse, checks the denylist too.',
  },
  id_token: {
    label: 'ID token',
    summary:
      'OpenID Connect ID token: tells the app named in aud who signed in, when and in which Gatehouse session. The app verifies it once, at sign-in (signature, iss, aud = its client id, nonce, exp); it is never sent to an API.',
  },
  logout_token: {
    label: 'Logout token',
    summary:
      "Back-channel logout token: Gatehouse POSTs it to an app's back-channel logout URI when a session ends. The app verifies it (signature, iss, aud = its client id, iat, events) and ends its own sessions for the sid (or sub) it names.",
  },
  jwt: {
    label: 'JWT',
    summary:
      'A JWT of no profile this inspector recognises: no at+jwt type, no ID-token claims (nonce, auth_time, at_hash, azp), no logout event.',
  },
};

const ID_TOKEN_CLAIMS = ['nonce', 'auth_time', 'at_hash', 'azp'] as const;
const mediaType = (typ: unknown) => (typeof typ === 'string' ? typ.toLowerCase().replace(/^application\//, '') : '');
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * What a token is for, from its `typ` and its claims: a logout token (`logout+jwt`, or an `events`
 * claim naming the back-channel logout event), an access token (`at+jwt`), an ID token (`JWT` or no
 * `typ`, with the claims only an ID token carries), or a JWT of another kind.
 */
export function recogniseToken(header: Record<string, unknown>, claims: Record<string, unknown>): TokenTypeView {
  const typ = mediaType(header.typ);
  const of = (name: TokenTypeName, because: string): TokenTypeView => ({ name, ...TYPE_SUMMARY[name], because });
  const logoutEvent = isObject(claims.events) && BACKCHANNEL_LOGOUT_EVENT in claims.events;
  if (typ === 'logout+jwt') return of('logout_token', 'typ logout+jwt');
  if (logoutEvent) return of('logout_token', 'events names the back-channel logout event');
  if (typ === 'at+jwt') return of('access_token', 'typ at+jwt (RFC 9068)');
  const markers = ID_TOKEN_CLAIMS.filter((c) => c in claims);
  if ((typ === 'jwt' || typ === '') && markers.length)
    return of('id_token', `typ ${typ ? 'JWT' : 'absent'}, with ${markers.join(', ')}`);
  return of('jwt', typ ? `typ ${String(header.typ)}` : 'no typ');
}

function warningsFor(
  { header, claims, sizeBytes, signatureBytes, tokenType }: TokenInspection,
  now: number,
): InspectionWarning[] {
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
        message: `Lifetime ${Math.round((exp - iat) / 60)} min: ${
          tokenType?.name === 'id_token'
            ? 'an ID token is checked once, at sign-in; minutes are enough.'
            : tokenType?.name === 'logout_token'
              ? 'a logout token is delivered at once; minutes are enough.'
              : 'access tokens should live minutes, not hours.'
        }`,
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
  if (claims && tokenType?.name === 'id_token')
    out.push({
      code: 'id_token',
      level: 'info',
      message:
        "An ID token is for the app named in aud, to learn who signed in: an API must never accept it as an access token (Gatehouse's verifier refuses it: typ_invalid).",
    });
  if (claims && tokenType?.name === 'logout_token') out.push(...logoutTokenWarnings(claims));
  if (sizeBytes > LARGE_TOKEN)
    out.push({
      code: 'large_token',
      level: 'warning',
      message: `${sizeBytes} bytes: over 4 KB breaks cookies and many proxies' header limits.`,
    });
  return out;
}

/** What makes a logout token unacceptable (OpenID Connect Back-Channel Logout 1.0 §2.4, §2.6). */
function logoutTokenWarnings(claims: Record<string, unknown>): InspectionWarning[] {
  const out: InspectionWarning[] = [];
  if ('nonce' in claims)
    out.push({
      code: 'logout_nonce',
      level: 'danger',
      message: 'A logout token must not contain nonce (it could then pass for an ID token): an app refuses it.',
    });
  if (typeof claims.sub !== 'string' && typeof claims.sid !== 'string')
    out.push({
      code: 'logout_subject',
      level: 'danger',
      message: 'Names neither sub nor sid: the app cannot tell whose session ended, and refuses it.',
    });
  const missing = ['iss', 'aud', 'iat', 'jti'].filter((c) => !(c in claims));
  if (!isObject(claims.events) || !(BACKCHANNEL_LOGOUT_EVENT in claims.events)) missing.push('events');
  if (missing.length)
    out.push({
      code: 'logout_claims',
      level: 'danger',
      message: `Missing what every logout token carries: ${missing.join(', ')}${
        missing.includes('events') ? ` (events with ${BACKCHANNEL_LOGOUT_EVENT})` : ''
      }.`,
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
