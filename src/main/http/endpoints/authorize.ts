import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authorize, type AuthorizeDeps } from '../../auth/authorize';
import type { AuthorizeParams } from '../../auth/authorize-request';
import { SESSION_COOKIE, type AuthCookies } from '../cookies';
import { inputOf, optional, paramsSchema, readParams } from '../params';
import type { RenderAuthorize } from './authorize-replies';

/**
 * GET and POST /authorize: the authorization request, in the order it is checked (the client and
 * its redirect URI first, since they decide whether an error may be sent back at all).
 */
export const authorizeParams = paramsSchema({
  client_id: optional(),
  redirect_uri: optional(),
  state: optional(),
  response_type: optional(),
  scope: optional(),
  nonce: optional(),
  code_challenge: optional(),
  code_challenge_method: optional(),
  prompt: optional(),
  max_age: optional(),
  response_mode: optional(),
  request: optional(),
  request_uri: optional(),
  claims: optional(),
}) satisfies { shape: Record<keyof Required<AuthorizeParams>, unknown> };

export interface AuthorizeEndpointDeps {
  flow: AuthorizeDeps;
  cookies: AuthCookies;
  render: RenderAuthorize;
}

/** The authorization endpoint (use case: auth/authorize.ts), answered from the browser's provider session when it may. */
export function registerAuthorizeEndpoint(
  app: FastifyInstance,
  { flow, cookies, render }: AuthorizeEndpointDeps,
): void {
  const handle = async (req: FastifyRequest, reply: FastifyReply, input: unknown) =>
    render(
      reply,
      await authorize(flow, inputOf(readParams(input, authorizeParams)), cookies.read(req, SESSION_COOKIE)),
    );
  app.get('/authorize', async (req, reply) => handle(req, reply, req.query));
  // OIDC Core §3.1.2.1: the authorization endpoint takes POST (form) too
  app.post('/authorize', async (req, reply) => handle(req, reply, req.body));
}
