import type { SessionRecord } from '../store/store';
import type { AuthorizationService } from './authorization';
import { redirectToClient, refusedRequest, type AuthorizeDecision } from './authorize-decision';
import type { AuthorizeParams } from './authorize-request';
import type { BrowserSessions } from './browser-sessions';
import type { RequestInput } from './request-input';

const LOGIN_REQUIRED = { error: 'login_required', error_description: 'the user is not signed in to Gatehouse' };

/** `prompt=none` alone: the client asks for no interaction at all. */
const isSilent = (params: AuthorizeParams): boolean => params.prompt?.split(' ').filter(Boolean).join(' ') === 'none';

/** What the authorization endpoint's use cases need (`authorize`, and `login` in authorize-login.ts). */
export interface AuthorizeDeps {
  authorization: Pick<AuthorizationService, 'check' | 'sessionSatisfies' | 'respond'>;
  browserSessions: Pick<BrowserSessions, 'resolve'>;
  /** The issuer every response names (`iss`), read per request: the composition root decides it after listening. */
  issuer: () => string;
}

/**
 * The authorization endpoint (RFC 6749 §4.1.1, OIDC Core §3.1.2): check the request, then answer
 * it from the browser's session when that session may (single sign-on), else refuse it when the
 * client asked for no interaction (`prompt=none`), else show the login form. `browserCookie` is
 * the provider cookie's value; the session it names is read only for a request worth answering.
 */
export async function authorize(
  deps: AuthorizeDeps,
  input: RequestInput<AuthorizeParams>,
  browserCookie: string | undefined,
): Promise<AuthorizeDecision> {
  const check = await deps.authorization.check(input);
  if (!check.ok) {
    // a silent request with no one signed in is told so first, whatever else it lacks: the app's
    // next step is an interactive login either way (OIDC Core §3.1.2.6; the suite's prompt=none modules)
    if (!check.fatal && isSilent(input.params) && !(await deps.browserSessions.resolve(browserCookie)))
      return { kind: 'redirect', to: redirectToClient(check.replyTo, LOGIN_REQUIRED, deps.issuer()) };
    return refusedRequest(check, deps.issuer());
  }
  const { request } = check;
  const session: SessionRecord | null = await deps.browserSessions.resolve(browserCookie);
  if (deps.authorization.sessionSatisfies(request, session)) {
    const response = await deps.authorization.respond(request, session);
    return { kind: 'redirect', to: redirectToClient(request, response, deps.issuer()) };
  }
  if (request.prompt.has('none'))
    return { kind: 'redirect', to: redirectToClient(request, LOGIN_REQUIRED, deps.issuer()) };
  return { kind: 'login', request };
}
