/**
 * The sample app's logout token checks (OpenID Connect Back-Channel Logout 1.0 §2.6), one rule at
 * a time, with tokens signed by a key the verifier trusts: each refusal is for the rule it names,
 * not for a bad signature.
 */
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWTPayload, type KeyObject } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOGOUT_EVENT, logoutTokenVerifier } from '../../examples/sample-app/logout-token';

const ISSUER = 'http://127.0.0.1:8787';
const CLIENT = 'sample-app';
let key: KeyObject;
let verify: ReturnType<typeof logoutTokenVerifier>;
let jti = 0;

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  key = pair.privateKey as KeyObject;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  verify = logoutTokenVerifier({ issuer: ISSUER, clientId: CLIENT, keys: createLocalJWKSet({ keys: [jwk] }) });
});

/** A valid logout token, with `claims` merged over it (undefined removes one) and `typ` in its header. */
function token(claims: Record<string, unknown> = {}, typ = 'logout+jwt'): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = {
    iss: ISSUER,
    aud: CLIENT,
    sub: 'user-1',
    sid: 'session-1',
    iat: now,
    exp: now + 120,
    jti: `jti-${++jti}`,
    events: { [LOGOUT_EVENT]: {} },
    ...claims,
  };
  for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
  return new SignJWT(payload as JWTPayload).setProtectedHeader({ alg: 'ES256', kid: 'k1', typ }).sign(key);
}

describe('a logout token', () => {
  it('that follows every rule names its session and user', async () => {
    await expect(verify(await token())).resolves.toEqual({ sid: 'session-1', sub: 'user-1' });
    await expect(verify(await token({ sub: undefined }))).resolves.toEqual({ sid: 'session-1' });
    await expect(verify(await token({ sid: undefined }))).resolves.toEqual({ sub: 'user-1' });
  });

  it.each([
    ['another issuer', { iss: 'http://127.0.0.1:9999' }, /"iss"/],
    ['another audience (an app other than this one)', { aud: 'other-app' }, /"aud"/],
    ['no iat', { iat: undefined }, /"iat"/],
    ['an iat older than 2 minutes', { iat: Math.floor(Date.now() / 1000) - 600 }, /"iat"|too old/],
    ['no exp', { exp: undefined }, /"exp"/],
    ['an exp in the past', { exp: Math.floor(Date.now() / 1000) - 60 }, /"exp"/],
    ['no jti', { jti: undefined }, /"jti"/],
    ['neither sid nor sub', { sid: undefined, sub: undefined }, /neither/],
    ['no events', { events: undefined }, /"events"/],
    ['events without the logout event', { events: { 'http://example.com/other': {} } }, /does not contain/],
    ['the logout event as a non-object', { events: { [LOGOUT_EVENT]: 'yes' } }, /does not contain/],
    ['a nonce (an ID token, not a logout token)', { nonce: 'n-1' }, /nonce/],
  ])('with %s is refused', async (_what, claims, why) => {
    await expect(verify(await token(claims))).rejects.toThrow(why);
  });

  it('typed as anything but logout+jwt (an ID token) is refused', async () => {
    await expect(verify(await token({}, 'JWT'))).rejects.toThrow(/"typ"/);
  });

  it('received a second time is refused (jti replay)', async () => {
    const once = await token();
    await verify(once);
    await expect(verify(once)).rejects.toThrow(/replayed/);
  });

  it('missing, or not a string, is refused', async () => {
    await expect(verify(undefined)).rejects.toThrow(/missing/);
    await expect(verify(['a', 'b'])).rejects.toThrow(/missing/);
  });
});
