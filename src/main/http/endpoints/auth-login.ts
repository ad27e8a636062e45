import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { SessionService } from '../../auth/sessions';
import { clientOf } from '../edge';
import { pacedRefusals } from '../paced-refusals';
import { paramsSchema, readParams, refuseParams, required } from '../params';
import type { LoginApiReplies } from './login-api-replies';

/** POST /auth/login. */
const loginParams = paramsSchema({ username: required(256), password: required(1024) });

export interface AuthLoginEndpointDeps {
  sessions: Pick<SessionService, 'login' | 'loginRefusal'>;
  replies: LoginApiReplies;
}

/** The login API's password login: a session, its first access token and its refresh token. */
export function registerAuthLoginEndpoint(app: FastifyInstance, { sessions, replies }: AuthLoginEndpointDeps): void {
  // refused while the hasher is full before the body is read or parsed, and paced (see paced-refusals.ts)
  const paced = pacedRefusals();
  const refuseWhenBusy: onRequestHookHandler = (_req, reply, done) => {
    const busy = sessions.loginRefusal();
    if (!busy) return done();
    // answered here: done is not called, so nothing after this hook runs
    paced(() => void replies.sendAuthError(reply, busy));
  };

  app.post('/auth/login', { onRequest: refuseWhenBusy }, async (req, reply) => {
    const read = readParams(req.body, loginParams);
    if (!read.ok) return refuseParams(reply, read.problem);
    const { username, password } = read.params;
    try {
      return replies.sendPair(reply, await sessions.login(username, password, clientOf(req)));
    } catch (err) {
      return replies.sendAuthError(reply, err);
    }
  });
}
