import type { FastifyInstance } from 'fastify';
import type { ClientAuthentication } from '../../auth/client-authentication';
import type { TokenService } from '../../auth/tokens';
import { requireClient } from '../client-auth';
import { optional, paramsSchema, readParams, refuseParams, required } from '../params';

/** POST /oauth/introspect (RFC 7662 §2.1) and the client's own. */
const introspectionParams = paramsSchema({
  token: required(16384),
  token_type_hint: optional(64),
  client_id: optional(256),
  client_secret: optional(512),
});

export interface IntrospectionEndpointDeps {
  clientAuth: Pick<ClientAuthentication, 'authenticate'>;
  tokens: Pick<TokenService, 'introspect'>;
}

/** RFC 7662 introspection, for registered confidential clients. */
export function registerIntrospectionEndpoint(
  app: FastifyInstance,
  { clientAuth, tokens }: IntrospectionEndpointDeps,
): void {
  app.post('/oauth/introspect', async (req, reply) => {
    const read = readParams(req.body, introspectionParams);
    if (!read.ok) return refuseParams(reply, read.problem);
    // any registered confidential client: a resource server introspects tokens issued to others
    const client = await requireClient(clientAuth, req, reply, read.params, { confidential: true });
    if (!client) return reply;
    return reply.header('cache-control', 'no-store').send(await tokens.introspect(read.params.token));
  });
}
