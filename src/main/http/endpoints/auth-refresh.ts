import type { FastifyInstance } from 'fastify';
import type { SessionService } from '../../auth/sessions';
import { REFRESH_COOKIE } from '../cookies';
import { clientOf, type Edge } from '../edge';
import { sendError } from '../errors';
import { optional, paramsSchema, readParams, refuseParams } from '../params';
import type { LoginApiReplies } from './login-api-replies';

/** POST /auth/refresh: the token in the body, or else the refresh cookie. */
const refreshParams = paramsSchema({ refresh_token: optional(256) });

export interface AuthRefreshEndpointDeps {
  sessions: Pick<SessionService, 'refresh'>;
  edge: Edge;
  replies: LoginApiReplies;
}

/** The login API's refresh: rotation with reuse detection (SessionService.refresh). */
export function registerAuthRefreshEndpoint(
  app: FastifyInstance,
  { sessions, edge, replies }: AuthRefreshEndpointDeps,
): void {
  app.post('/auth/refresh', async (req, reply) => {
    const read = readParams(req.body, refreshParams);
    if (!read.ok) return refuseParams(reply, read.problem);
    const fromBody = read.params.refresh_token;
    const token = fromBody ?? edge.cookies.read(req, REFRESH_COOKIE);
    if (!token) return sendError(reply, 400, 'invalid_request', 'refresh_token is required (body or cookie)');
    // a token in the body is one an attacker's page cannot know; the cookie is sent by the browser alone
    if (fromBody === undefined && !edge.sameOrigin(req)) return replies.crossOrigin(reply);
    try {
      return replies.sendPair(reply, await sessions.refresh(token, clientOf(req)));
    } catch (err) {
      return replies.sendAuthError(reply, err);
    }
  });
}
