/**
 * The inspector's decoding (src/shared/jwt-inspect.ts), pure: the console runs it on every
 * keystroke and the server's tokens.decode answers with it, so both see the same kinds of token
 * and the same explanations.
 */
import { describe, expect, it } from 'vitest';
import {
  BACKCHANNEL_LOGOUT_EVENT,
  CLAIM_MEANINGS,
  inspectToken,
  recogniseToken,
  type TokenInspection,
} from '../../src/shared/jwt-inspect';

const NOW = 1_750_000_000;
const seg = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
/** A compact JWS with a stand-in signature: decoding never checks it. */
const jwt = (header: Record<string, unknown>, claims: Record<string, unknown>) =>
  `${seg(header)}.${seg(claims)}.${Buffer.from('not a real signature, 64 bytes long, as ES256 signatures are!!').toString('base64url')}`;
const meaningOf = (t: TokenInspection, claim: string) => t.notes.find((n) => n.claim === claim)?.meaning;
const codes = (t: TokenInspection) => t.warnings.map((w) => w.code);

/** The claims Gatehouse's IdTokenIssuer writes (src/main/auth/id-tokens.ts). */
const idTokenClaims = {
  iss: 'http://127.0.0.1:8787',
  sub: 'usr_alice',
  aud: 'tiny-rp',
  azp: 'tiny-rp',
  iat: NOW - 10,
  exp: NOW + 290,
  auth_time: NOW - 12,
  nonce: 'n-0S6_WzA2Mj',
  sid: 'ses_123',
  at_hash: 'HK6E_P6Dh8Y93mRNtsDB1Q',
  jti: 'idt_1',
};
const logoutClaims = {
  iss: 'http://127.0.0.1:8787',
  sub: 'usr_alice',
  aud: 'tiny-rp',
  iat: NOW,
  exp: NOW + 120,
  jti: 'lgt_1',
  sid: 'ses_123',
  events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
};
const accessClaims = {
  iss: 'http://127.0.0.1:8787',
  sub: 'usr_alice',
  aud: 'gatehouse-api',
  iat: NOW - 10,
  exp: NOW + 290,
  jti: 'at_1',
  sid: 'ses_123',
  ver: 0,
  client_id: 'tiny-rp',
  scope: 'openid profile',
};

describe('what a token is for', () => {
  it('an ID token: typ JWT with the claims only an ID token carries; its claims explained for an app', () => {
    const t = inspectToken(jwt({ alg: 'ES256', typ: 'JWT', kid: 'k1' }, idTokenClaims), NOW);
    expect(t.kind).toBe('jws');
    expect(t.tokenType).toMatchObject({ name: 'id_token', label: 'ID token' });
    expect(t.tokenType?.because).toBe('typ JWT, with nonce, auth_time, at_hash, azp');
    expect(t.tokenType?.summary).toMatch(/never sent to an API/);
    // each OpenID Connect claim is explained as the app sees it, not with the access-token meaning
    expect(meaningOf(t, 'aud')).toMatch(/client id of the app this ID token is for/);
    expect(meaningOf(t, 'nonce')).toMatch(/authorization request/);
    expect(meaningOf(t, 'auth_time')).toMatch(/typed their password/);
    expect(meaningOf(t, 'at_hash')).toMatch(/SHA-256 of the access token/);
    expect(meaningOf(t, 'azp')).toMatch(/client id the token was issued to/);
    expect(meaningOf(t, 'sid')).toMatch(/every app of one browser sign-in/);
    for (const claim of ['iss', 'sub', 'exp', 'iat']) expect(meaningOf(t, claim)).not.toBe(CLAIM_MEANINGS[claim]);
    // times are shown in human form, auth_time included
    expect(t.notes.find((n) => n.claim === 'auth_time')?.iso).toBe(new Date((NOW - 12) * 1000).toISOString());
    expect(codes(t)).toEqual(['id_token']);
    expect(t.warnings[0]!.message).toMatch(/typ_invalid/);
  });

  it('an ID token without typ is still one, by its claims; a plain JWT with none of them is not', () => {
    expect(recogniseToken({ alg: 'RS256' }, { sub: 'x', auth_time: NOW }).name).toBe('id_token');
    expect(recogniseToken({ alg: 'RS256' }, { sub: 'x', auth_time: NOW }).because).toBe('typ absent, with auth_time');
    const plain = recogniseToken({ alg: 'HS256', typ: 'JWT' }, { sub: 'x', exp: NOW });
    expect(plain).toMatchObject({ name: 'jwt', label: 'JWT', because: 'typ JWT' });
  });

  it('a logout token: typ logout+jwt, or the back-channel logout event; its claims explained', () => {
    const t = inspectToken(jwt({ alg: 'ES256', typ: 'logout+jwt', kid: 'k1' }, logoutClaims), NOW);
    expect(t.tokenType).toMatchObject({ name: 'logout_token', label: 'Logout token', because: 'typ logout+jwt' });
    expect(meaningOf(t, 'events')).toContain(BACKCHANNEL_LOGOUT_EVENT);
    expect(meaningOf(t, 'sid')).toMatch(/session that ended/);
    expect(meaningOf(t, 'aud')).toMatch(/app being told to log out/);
    expect(meaningOf(t, 'jti')).toMatch(/replay/);
    expect(t.warnings).toEqual([]);
    // the media type may carry its application/ prefix; the event alone is enough too
    expect(recogniseToken({ typ: 'application/logout+jwt' }, {}).name).toBe('logout_token');
    expect(recogniseToken({ typ: 'JWT' }, logoutClaims)).toMatchObject({
      name: 'logout_token',
      because: 'events names the back-channel logout event',
    });
  });

  it('a logout token with a nonce, no sub nor sid, or without its event is flagged as one an app refuses', () => {
    const { sub: _sub, sid: _sid, events: _events, jti: _jti, ...bare } = logoutClaims;
    const t = inspectToken(jwt({ alg: 'ES256', typ: 'logout+jwt' }, { ...bare, nonce: 'n' }), NOW);
    expect(codes(t)).toEqual(expect.arrayContaining(['logout_nonce', 'logout_subject', 'logout_claims']));
    expect(t.warnings.filter((w) => w.code.startsWith('logout_')).every((w) => w.level === 'danger')).toBe(true);
    expect(t.warnings.find((w) => w.code === 'logout_claims')!.message).toContain('jti, events');
    expect(meaningOf(t, 'nonce')).toMatch(/Forbidden/);
  });

  it('an access token: typ at+jwt, whatever else it carries; the generic meanings stay', () => {
    const t = inspectToken(jwt({ alg: 'ES256', typ: 'at+jwt', kid: 'k1' }, { ...accessClaims, azp: 'x' }), NOW);
    expect(t.tokenType).toMatchObject({ name: 'access_token', because: 'typ at+jwt (RFC 9068)' });
    expect(meaningOf(t, 'client_id')).toMatch(/issued to/);
    expect(meaningOf(t, 'jti')).toBe(CLAIM_MEANINGS.jti);
    expect(codes(t)).toEqual([]);
  });

  it('a long lifetime is judged by what the token is for', () => {
    const long = { iat: NOW, exp: NOW + 7200 };
    const id = inspectToken(jwt({ alg: 'ES256', typ: 'JWT' }, { ...idTokenClaims, ...long }), NOW);
    const access = inspectToken(jwt({ alg: 'ES256', typ: 'at+jwt' }, { ...accessClaims, ...long }), NOW);
    expect(id.warnings.find((w) => w.code === 'long_lifetime')!.message).toMatch(/ID token is checked once/);
    expect(access.warnings.find((w) => w.code === 'long_lifetime')!.message).toMatch(/access tokens should live/);
  });

  it('nothing is told about a token that cannot be read', () => {
    expect(inspectToken('not.a-jwt', NOW).tokenType).toBeNull();
    expect(inspectToken(`${seg({ alg: 'ES256' })}.%%%.sig`, NOW).tokenType).toBeNull();
    expect(inspectToken(`${seg({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.a.b.c.d`, NOW)).toMatchObject({
      kind: 'jwe',
      tokenType: null,
    });
  });
});

describe('what was decoded before stays as it was', () => {
  it('header, claims, sizes and the generic warnings', () => {
    const token = jwt({ alg: 'none' }, { sub: 'x', password: 'p' });
    const t = inspectToken(token, NOW);
    expect(t.header).toEqual({ alg: 'none' });
    expect(t.claims).toEqual({ sub: 'x', password: 'p' });
    expect(t.sizeBytes).toBe(token.length);
    expect(codes(t)).toEqual(expect.arrayContaining(['alg_none', 'no_typ', 'no_exp', 'sensitive_claim']));
    expect(meaningOf(t, 'password')).toMatch(/Private claim/);
  });
});
