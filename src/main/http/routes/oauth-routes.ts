import type { FastifyInstance } from 'fastify';
import type { Gatehouse } from '../../auth/gatehouse';
import { requireClient } from '../client-auth';
import { sendError } from '../errors';
import { optional, paramsSchema, readParams, refuseParams, required } from '../params';

/** POST /oauth/revoke and /oauth/introspect (RFC 7009 §2.1, RFC 7662 §2.1) and the client's own. */
const tokenForm = paramsSchema({
  token: required(16384),
  token_type_hint: optional(64),
  client_id: optional(256),
  client_secret: optional(512),
});

/** RFC 7009 revocation and RFC 7662 introspection, for registered confidential clients. */
export function registerOAuthRoutes(app: FastifyInstance, gatehouse: Gatehouse): void {
  app.post('/oauth/revoke', async (req, reply) => {
    const read = readParams(req.body, tokenForm);
    if (!read.ok) return refuseParams(reply, read.problem);
    const client = await requireClient(gatehouse, req, reply, read.params, { confidential: true });
    if (!client) return reply;
    const { token } = read.params;
    // RFC 7009 §2.2: 200 whether or not the token was valid; the hint is only an optimisation
    const revoked = await gatehouse.tokens.revoke(token, client, `revoked by client ${client.id}`);
    if (revoked === 'not_yours')
      return sendError(reply, 400, 'invalid_request', 'the token was issued to another client');
    return reply.header('cache-control', 'no-store').code(200).send();
  });

  app.post('/oauth/introspect', async (req, reply) => {
    const read = readParams(req.body, tokenForm);
    if (!read.ok) return refuseParams(reply, read.problem);
    // any registered confidential client: a resource server introspects tokens issued to others
    const client = await requireClient(gatehouse, req, reply, read.params, { confidential: true });
    if (!client) return reply;
    const { token } = read.params;
    return reply.header('cache-control', 'no-store').send(await gatehouse.tokens.introspect(token));
  });

  app.all('/oauth/*', async (_req, reply) => sendError(reply, 405, 'invalid_request', 'use POST'));
}
