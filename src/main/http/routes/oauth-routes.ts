import type { FastifyInstance } from 'fastify';
import type { Gatehouse } from '../../auth/gatehouse';
import { safeEqual } from '../../lib/constant-time';
import { hashRefreshSecret, parseRefreshToken } from '../../auth/refresh-token';
import { requireClient } from '../client-auth';
import { sendError } from '../errors';

const tokenForm = {
  body: {
    type: 'object',
    required: ['token'],
    properties: { token: { type: 'string', maxLength: 16384 }, token_type_hint: { type: 'string', maxLength: 64 } },
  },
} as const;

/** RFC 7009 revocation and RFC 7662 introspection for resource servers (HTTP Basic client auth). */
export function registerOAuthRoutes(app: FastifyInstance, gatehouse: Gatehouse): void {
  app.post('/oauth/revoke', { schema: tokenForm }, async (req, reply) => {
    const clientId = await requireClient(gatehouse, req, reply);
    if (!clientId) return reply;
    const { token } = req.body as { token: string };
    // RFC 7009 §2.2: 200 whether or not the token was valid; the hint is only an optimisation
    await gatehouse.revokeToken(token, `client:${clientId}`, `revoked by client ${clientId}`);
    return reply.header('cache-control', 'no-store').code(200).send();
  });

  app.post('/oauth/introspect', { schema: tokenForm }, async (req, reply) => {
    const clientId = await requireClient(gatehouse, req, reply);
    if (!clientId) return reply;
    const { token } = req.body as { token: string };
    reply.header('cache-control', 'no-store');
    const refresh = parseRefreshToken(token);
    if (refresh) return reply.send(await introspectRefresh(gatehouse, refresh.id, refresh.secret));
    const result = await gatehouse.verifier.verify(token);
    if (!result.ok) return reply.send({ active: false });
    const c = result.claims;
    return reply.send({
      active: true, token_type: 'Bearer', scope: '', client_id: typeof c.client_id === 'string' ? c.client_id : undefined,
      sub: c.sub, sid: c.sid, jti: c.jti, iat: c.iat, exp: c.exp, nbf: c.nbf, iss: c.iss, aud: c.aud, ver: c.ver, kid: result.kid,
    });
  });

  app.all('/oauth/*', async (_req, reply) => sendError(reply, 405, 'invalid_request', 'use POST'));
}

async function introspectRefresh(gatehouse: Gatehouse, id: string, secret: string): Promise<Record<string, unknown>> {
  const record = await gatehouse.store.getRefreshToken(id);
  if (!record || record.status !== 'active' || !safeEqual(record.secretHash, hashRefreshSecret(secret))) return { active: false };
  const session = await gatehouse.store.getSession(record.sessionId);
  const now = gatehouse.clock.now();
  if (!session || session.status !== 'active' || record.expiresAt <= now || session.idleExpiresAt <= now || session.absoluteExpiresAt <= now) return { active: false };
  return { active: true, token_type: 'refresh_token', sub: session.userId, sid: session.id, iat: record.createdAt, exp: record.expiresAt };
}
