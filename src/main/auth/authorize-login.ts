import type { SessionRecord, UserRecord } from '../store/store';
import { redirectToClient, refusedRequest, type AuthorizeDecision, type LoginProblem } from './authorize-decision';
import type { AuthorizeParams, AuthorizeRequest } from './authorize-request';
import type { AuthorizeDeps } from './authorize';
import type { BrowserSessions } from './browser-sessions';
import type { Clock } from './clock';
import { AuthError } from './errors';
import type { RequestInput } from './request-input';
import type { ClientContext, SessionService } from './sessions';

/** What the hosted login needs beyond the authorization endpoint's own. */
export interface LoginDeps extends AuthorizeDeps {
  browserSessions: Pick<BrowserSessions, 'resolve' | 'open'>;
  sessions: Pick<SessionService, 'authenticate' | 'startBrowserSession'>;
  clock: Clock;
}

/** What the user typed into the login form (either may be missing). */
export interface LoginForm {
  username?: string;
  password?: string;
}

/**
 * The hosted login form posted back, once the edge has checked it came from the form it sent
 * (`pending`: the authorization request it carried, signed). The request is checked again (the
 * client may have been disabled, or its redirect URI removed, meanwhile); the password through
 * the login API's throttle and hasher; then a new browser session (one Gatehouse session, no
 * refresh token of its own) and a code for the client.
 */
export async function login(
  deps: LoginDeps,
  pending: RequestInput<AuthorizeParams>,
  form: LoginForm,
  client: ClientContext,
): Promise<AuthorizeDecision> {
  const check = await deps.authorization.check(pending);
  if (!check.ok) return refusedRequest(check, deps.issuer());
  const { request } = check;
  const { username = '', password = '' } = form;
  if (!username || !password) return { kind: 'login', request, problem: 'missing_credentials', username };
  let user: UserRecord;
  try {
    user = await deps.sessions.authenticate(username, password, client);
  } catch (err) {
    return loginRefused(err, request, username);
  }
  // a new login is a new session (prompt=login re-authenticates); the old browser session, if any, is left to expire
  const session: SessionRecord = await deps.sessions.startBrowserSession(user, client);
  const cookie = await deps.browserSessions.open(session);
  const maxAge = session.absoluteExpiresAt - deps.clock.now();
  const response = await deps.authorization.respond(request, session);
  return { kind: 'redirect', to: redirectToClient(request, response, deps.issuer()), signedIn: { cookie, maxAge } };
}

/** A refused password check, as the form shown again; anything but an AuthError is not a refusal. */
function loginRefused(err: unknown, request: AuthorizeRequest, username: string): AuthorizeDecision {
  if (!(err instanceof AuthError)) throw err;
  const problem: LoginProblem =
    err.code === 'login_throttled' ? 'throttled' : err.code === 'login_busy' ? 'busy' : 'wrong_credentials';
  if (problem === 'wrong_credentials') return { kind: 'login', request, problem, username };
  return { kind: 'login', request, problem, username, retryAfter: err.retryAfter ?? 60 };
}
