import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ClientAuthentication } from '../../auth/client-authentication';
import { AuthError } from '../../auth/errors';
import { grantHandlerFor, type GrantHandlers, type GrantParams } from '../../auth/grants';
import { requireClient } from '../client-auth';
import { clientOf } from '../edge';
import { sendError } from '../errors';
import { optional, paramsSchema, readParams, refuseParams } from '../params';

/** POST /oauth/token: every grant's parameters and the client's own (RFC 6749 §2.3.1, §4.1.3, §4.4.2, §6). */
export const tokenParams = paramsSchema({
  grant_type: optional(),
  code: optional(),
  redirect_uri: optional(),
  code_verifier: optional(),
  refresh_token: optional(),
  scope: optional(),
  client_id: optional(256),
  client_secret: optional(512),
}) satisfies { shape: Record<keyof Required<GrantParams>, unknown> };

/** RFC 6749 §5.2's error codes; a domain refusal with any other code is reported as `invalid_request`. */
const TOKEN_ERRORS = new Set([
  'invalid_grant',
  'invalid_request',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'invalid_client',
]);

function tokenError(reply: FastifyReply, err: unknown): FastifyReply {
  if (!(err instanceof AuthError)) throw err;
  const status = err.code === 'invalid_client' ? 401 : err.code === 'login_busy' ? 503 : 400;
  return sendError(reply, status, TOKEN_ERRORS.has(err.code) ? err.code : 'invalid_request', err.message);
}

export interface TokenEndpointDeps {
  clientAuth: Pick<ClientAuthentication, 'authenticate'>;
  /** The grants by `grant_type` (auth/grants/). */
  grants: GrantHandlers;
}

/** The token endpoint (RFC 6749 §3.2): authenticate the client, then hand the request to its grant. */
export function registerTokenEndpoint(app: FastifyInstance, { clientAuth, grants }: TokenEndpointDeps): void {
  app.post('/oauth/token', async (req, reply) => {
    const read = readParams(req.body, tokenParams);
    if (!read.ok) return refuseParams(reply, read.problem);
    const params = read.params;
    const client = await requireClient(clientAuth, req, reply, params);
    if (!client) return reply;
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    if (params.grant_type === undefined) return sendError(reply, 400, 'invalid_request', 'grant_type is missing');
    const grant = grantHandlerFor(grants, params.grant_type);
    if (!grant) {
      const named = params.grant_type.slice(0, 64);
      return sendError(reply, 400, 'unsupported_grant_type', `grant_type ${named} is not supported`);
    }
    try {
      return reply.send(await grant({ client, params, context: clientOf(req) }));
    } catch (err) {
      return tokenError(reply, err);
    }
  });
}
