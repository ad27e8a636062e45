/**
 * Validating a back-channel logout token, step by step as OpenID Connect Back-Channel Logout 1.0
 * §2.6 lists them, with jose.
 */
import { jwtVerify, type JWTVerifyGetKey } from 'jose';

export const LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/** Who is logged out: a session (`sid`), a user (`sub`), or both. */
export interface LogoutNotice {
  sid?: string;
  sub?: string;
}

export function logoutTokenVerifier(opts: { issuer: string; clientId: string; keys: JWTVerifyGetKey }) {
  /** jti → when its token expires: a token seen once is refused until then (step 6). */
  const seen = new Map<string, number>();

  return async function verifyLogoutToken(token: unknown): Promise<LogoutNotice> {
    if (typeof token !== 'string' || !token) throw new Error('logout_token is missing');
    // 1. not encrypted (this app registered no encryption); 2. signature against the issuer's
    // keys, iss, aud (our client id), iat present and at most 2 min old, exp; explicit typing
    const { payload } = await jwtVerify(token, opts.keys, {
      issuer: opts.issuer,
      audience: opts.clientId,
      typ: 'logout+jwt',
      algorithms: ['ES256', 'EdDSA', 'RS256'],
      requiredClaims: ['iat', 'exp', 'jti', 'events'],
      maxTokenAge: 120,
      clockTolerance: 5,
    });
    // 3. a session, a user, or both
    const sid = typeof payload.sid === 'string' && payload.sid ? payload.sid : undefined;
    const sub = typeof payload.sub === 'string' && payload.sub ? payload.sub : undefined;
    if (!sid && !sub) throw new Error('the token names neither a session (sid) nor a user (sub)');
    // 4. the logout event, whose value is a JSON object
    const events = payload.events as Record<string, unknown> | undefined;
    const event = typeof events === 'object' && events !== null ? events[LOGOUT_EVENT] : undefined;
    if (typeof event !== 'object' || event === null || Array.isArray(event))
      throw new Error(`events does not contain ${LOGOUT_EVENT}`);
    // 5. never a nonce: that would make it usable as an ID token
    if ('nonce' in payload) throw new Error('a logout token has no nonce');
    // 6. not replayed
    const now = Date.now() / 1000;
    for (const [jti, until] of seen) if (until < now) seen.delete(jti);
    const jti = String(payload.jti);
    if (seen.has(jti)) throw new Error('this logout token was received before (jti replayed)');
    seen.set(jti, payload.exp! + 5);
    return { sid, sub };
  };
}
