import type { FastifyInstance } from 'fastify';
import type { ClientAuthentication } from '../../auth/client-authentication';
import type { TokenService } from '../../auth/tokens';
import { requireClient } from '../client-auth';
import { sendError } from '../errors';
import { optional, paramsSchema, readParams, refuseParams, required } from '../params';

/** POST /oauth/revoke (RFC 7009 §2.1) and the client's own. */
const revocationParams = paramsSchema({
  token: required(16384),
  token_type_hint: optional(64),
  client_id: optional(256),
  client_secret: optional(512),
});

export interface RevocationEndpointDeps {
  clientAuth: Pick<ClientAuthentication, 'authenticate'>;
  tokens: Pick<TokenService, 'revoke'>;
}

/** RFC 7009 revocation, for registered confidential clients, of their own tokens. */
export function registerRevocationEndpoint(app: FastifyInstance, { clientAuth, tokens }: RevocationEndpointDeps): void {
  app.post('/oauth/revoke', async (req, reply) => {
    const read = readParams(req.body, revocationParams);
    if (!read.ok) return refuseParams(reply, read.problem);
    const client = await requireClient(clientAuth, req, reply, read.params, { confidential: true });
    if (!client) return reply;
    const { token } = read.params;
    // RFC 7009 §2.2: 200 whether or not the token was valid; the hint is only an optimisation
    const revoked = await tokens.revoke(token, client, `revoked by client ${client.id}`);
    if (revoked === 'not_yours')
      return sendError(reply, 400, 'invalid_request', 'the token was issued to another client');
    return reply.header('cache-control', 'no-store').code(200).send();
  });
}
