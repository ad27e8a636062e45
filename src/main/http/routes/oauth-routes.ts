import type { FastifyInstance } from 'fastify';
import type { Gatehouse } from '../../auth/gatehouse';
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
    await gatehouse.tokens.revoke(token, `client:${clientId}`, `revoked by client ${clientId}`);
    return reply.header('cache-control', 'no-store').code(200).send();
  });

  app.post('/oauth/introspect', { schema: tokenForm }, async (req, reply) => {
    const clientId = await requireClient(gatehouse, req, reply);
    if (!clientId) return reply;
    const { token } = req.body as { token: string };
    return reply.header('cache-control', 'no-store').send(await gatehouse.tokens.introspect(token));
  });

  app.all('/oauth/*', async (_req, reply) => sendError(reply, 405, 'invalid_request', 'use POST'));
}
