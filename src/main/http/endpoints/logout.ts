import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { logout, type LogoutDeps, type LogoutParams } from '../../auth/logout-request';
import { MAX_ID_TOKEN_LENGTH } from '../../../shared/user-claims';
import { SESSION_COOKIE, type AuthCookies } from '../cookies';
import { inputOf, optional, paramsSchema, readParams } from '../params';
import type { RenderLogout } from './logout-replies';

/** GET and POST /logout (RP-Initiated Logout §2), and the confirmation form's signed copy. */
export const logoutParams = paramsSchema({
  // any id_token Gatehouse issues: a user's custom claims, in every id_token, make some longer than 8192
  id_token_hint: optional(MAX_ID_TOKEN_LENGTH),
  client_id: optional(),
  post_logout_redirect_uri: optional(),
  state: optional(),
  logout_hint: optional(),
  ui_locales: optional(),
}) satisfies { shape: Record<keyof Required<LogoutParams>, unknown> };

export interface LogoutEndpointDeps {
  flow: LogoutDeps;
  cookies: AuthCookies;
  render: RenderLogout;
}

/**
 * The `end_session_endpoint` (use case: auth/logout-request.ts `logout`). Ending the session ends
 * every app's tokens on their next request, tells every app with a back-channel URI, and clears
 * the provider's cookie.
 */
export function registerLogoutEndpoint(app: FastifyInstance, { flow, cookies, render }: LogoutEndpointDeps): void {
  const handle = async (req: FastifyRequest, reply: FastifyReply, input: unknown) =>
    render(reply, await logout(flow, inputOf(readParams(input, logoutParams)), cookies.read(req, SESSION_COOKIE)));
  app.get('/logout', async (req, reply) => handle(req, reply, req.query));
  // RP-Initiated Logout §2: the endpoint takes POST (form) too
  app.post('/logout', async (req, reply) => handle(req, reply, req.body));
}
