import { accessTokenProfile, createPipeline, jwtProfile, signJws, type Profile } from '@gatehouse/verifier/internal';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Gatehouse } from '../auth/gatehouse';
import { randomId } from '../auth/random';
import { ringKeys } from '../auth/verify-access-token';
import { bearerToken } from '../http/bearer';
import { sendError } from '../http/errors';
import { addStoreMeterHooks, meterStore } from './store-meter';

/** Audience of the long-lived tokens the comparison mints: no real route accepts them. */
export const DEMO_JWT_AUDIENCE = 'gatehouse-demo-lab';
/** User agent of every session the demo lab opens; the server-session route accepts only those. */
export const DEMO_USER_AGENT = 'Gatehouse demo lab';

type Verified = { ok: true; claims: Record<string, unknown> } | { ok: false; reason: string; message: string };

/**
 * The other strategies of scenario 6, as demo-only routes on the sandbox's auth server (never on
 * the live one: demo/sandbox.ts registers them, nothing else does). Each one does exactly what an app built that way would do per
 * request, so the store meter counts its real cost:
 *  - server-session: the opaque session id is looked up and touched in the store;
 *  - stateless-jwt: signature and `exp`, nothing else (no revocation at all);
 *  - jwt-denylist: signature and `exp`, then the denylist is read from the store;
 *  - access-refresh: Gatehouse's short access token, signature and `exp` only (revocation is
 *    noticed when the refresh fails).
 * The hybrid is the real `/api/me`.
 */
export function registerDemoRoutes(app: FastifyInstance, gatehouse: Gatehouse): void {
  meterStore(gatehouse.store);
  addStoreMeterHooks(app);
  const clock = gatehouse.clock;

  // the same pipeline as /api/me, with what each design checks: no cache (such an app verifies
  // every request) and no denylist (revocation is what these designs lack or do by hand)
  const tolerance = () => gatehouse.settings.get().clockTolerance;
  const pipeline = <C extends object>(profile: Profile<C>) =>
    createPipeline<C>({ keys: ringKeys(gatehouse.ring), profile, now: () => clock.now(), cacheSize: 0 });
  const longLived = pipeline(jwtProfile({ typ: ['JWT'], audience: DEMO_JWT_AUDIENCE, tolerance }));
  const accessOnly = pipeline(accessTokenProfile({ rules: () => gatehouse.settings.get(), tolerance }));
  const verifySignature = async (token: string, strategy: 'long-lived' | 'access'): Promise<Verified> => {
    const result = await (strategy === 'long-lived' ? longLived : accessOnly).verify(token);
    return result.ok
      ? { ok: true, claims: result.claims }
      : { ok: false, reason: result.code, message: result.message };
  };
  const reject = (reply: FastifyReply, reason: string, message: string) =>
    sendError(reply, 401, 'invalid_token', message, { reason });
  const bearer = (req: Parameters<typeof bearerToken>[0], reply: FastifyReply) => {
    const token = bearerToken(req);
    if (!token) reject(reply, 'token_missing', 'no credential');
    return token;
  };

  app.get('/demo/strategy/server-session/me', async (req, reply) => {
    const sid = bearer(req, reply);
    if (!sid) return reply;
    const session = await gatehouse.store.getSession(sid);
    if (!session || !session.userAgent.startsWith(DEMO_USER_AGENT))
      return reject(reply, 'session_unknown', 'no such demo session');
    const now = clock.now();
    if (session.status === 'revoked') return reject(reply, 'session_revoked', 'the session was revoked');
    if (session.status !== 'active' || now >= session.idleExpiresAt || now >= session.absoluteExpiresAt)
      return reject(reply, 'session_expired', 'the session has expired');
    await gatehouse.store.touchSession(
      sid,
      now,
      Math.min(now + gatehouse.settings.get().idleTimeout, session.absoluteExpiresAt),
    );
    return reply.header('cache-control', 'no-store').send({ strategy: 'server-session', sub: session.userId, sid });
  });

  app.get('/demo/strategy/stateless-jwt/me', async (req, reply) => {
    const token = bearer(req, reply);
    if (!token) return reply;
    const result = await verifySignature(token, 'long-lived');
    if (!result.ok) return reject(reply, result.reason, result.message);
    return reply.header('cache-control', 'no-store').send({ strategy: 'stateless-jwt', ...result.claims });
  });

  app.get('/demo/strategy/jwt-denylist/me', async (req, reply) => {
    const token = bearer(req, reply);
    if (!token) return reply;
    const result = await verifySignature(token, 'long-lived');
    if (!result.ok) return reject(reply, result.reason, result.message);
    // such an app denies by session: one point read of the store per request
    const sid = typeof result.claims.sid === 'string' ? result.claims.sid : '';
    if (await gatehouse.store.getDenylistEntry('sid', sid))
      return reject(reply, 'session_revoked', 'the session is on the denylist');
    return reply.header('cache-control', 'no-store').send({ strategy: 'jwt-denylist', ...result.claims });
  });

  app.get('/demo/strategy/access-refresh/me', async (req, reply) => {
    const token = bearer(req, reply);
    if (!token) return reply;
    const result = await verifySignature(token, 'access');
    if (!result.ok) return reject(reply, result.reason, result.message);
    return reply.header('cache-control', 'no-store').send({ strategy: 'access-refresh', ...result.claims });
  });
}

/**
 * A long-lived JWT as a pure-JWT app mints it: signed with the ring's active key, naming the
 * session, but with an audience no real route accepts (and a lifetime the real verifier refuses).
 */
export function mintLongLivedJwt(
  gatehouse: Gatehouse,
  sub: string,
  sid: string,
  lifetime: number,
): { token: string; exp: number; iat: number; kid: string } {
  const { kid, alg, privateKey } = gatehouse.ring.signingKey();
  const iat = gatehouse.clock.now();
  const exp = iat + lifetime;
  const token = signJws(
    alg,
    privateKey,
    { typ: 'JWT', kid },
    { sid, iss: gatehouse.settings.get().issuer, aud: DEMO_JWT_AUDIENCE, sub, jti: randomId(16), iat, exp },
  );
  return { token, exp, iat, kid };
}
