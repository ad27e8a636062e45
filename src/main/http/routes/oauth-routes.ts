import type { FastifyInstance } from 'fastify';
import type { Gatehouse } from '../../auth/gatehouse';
import { requireClient } from '../client-auth';
import { sendError } from '../errors';

const tokenForm = {
  body: {
    type: 'object',
    required: ['token'],
    properties: {
      token: { type: 'string', maxLength: 16384 },
      token_type_hint: { type: 'string', maxLength: 64 },
      client_id: { type: 'string', maxLength: 256 },
      client_secret: { type: 'string', maxLength: 512 },
    },
  },
} as const;

/** RFC 7009 revocation and RFC 7662 introspection, for registered confidential clients. */
export function registerOAuthRoutes(app: FastifyInstance, gatehouse: Gatehouse): void {
  app.post('/oauth/revoke', { schema: tokenForm }, async (req, reply) => {
    const client = await requireClient(gatehouse, req, reply, { confidential: true });
    if (!client) return reply;
    const { token } = req.body as { token: string };
    // RFC 7009 §2.2: 200 whether or not the token was valid; the hint is only an optimisation
    const revoked = await gatehouse.tokens.revoke(token, client, `revoked by client ${client.id}`);
    if (revoked === 'not_yours')
      return sendError(reply, 400, 'invalid_request', 'the token was issued to another client');
    return reply.header('cache-control', 'no-store').code(200).send();
  });

  app.post('/oauth/introspect', { schema: tokenForm }, async (req, reply) => {
    // any registered confidential client: a resource server introspects tokens issued to others
    const client = await requireClient(gatehouse, req, reply, { confidential: true });
    if (!client) return reply;
    const { token } = req.body as { token: string };
    return reply.header('cache-control', 'no-store').send(await gatehouse.tokens.introspect(token));
  });

  app.all('/oauth/*', async (_req, reply) => sendError(reply, 405, 'invalid_request', 'use POST'));
}
