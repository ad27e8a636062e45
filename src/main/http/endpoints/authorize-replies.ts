import type { FastifyReply } from 'fastify';
import { randomBytes } from 'node:crypto';
import type { AuthorizeDecision, LoginProblem } from '../../auth/authorize-decision';
import type { AuthorizeRequest } from '../../auth/authorize-request';
import type { Clock } from '../../auth/clock';
import { LOGIN_BINDING_COOKIE, SESSION_COOKIE, type AuthCookies } from '../cookies';
import type { InteractionSigner } from '../oidc/interaction';
import { errorPage, loginPage, sendPage } from '../oidc/pages';
import { sendToClient } from './response-modes';

/** How the login form says why it is shown again. */
const LOGIN_PROBLEMS: Record<LoginProblem, { status: number; say: (retryAfter: number) => string }> = {
  missing_credentials: { status: 400, say: () => 'Enter your username and password.' },
  wrong_credentials: { status: 401, say: () => 'The username or password is not right.' },
  throttled: { status: 429, say: (s) => `Too many failed sign-ins; try again in ${Math.ceil(s / 60)} min.` },
  busy: { status: 503, say: () => 'Too many sign-ins are in progress; try again in a moment.' },
};

/** The pending request as the login form carries it (the validated query, to be checked again on POST). */
function pendingParams(r: AuthorizeRequest): Record<string, string> {
  const p: Record<string, string> = {
    response_type: r.responseType,
    client_id: r.client.id,
    redirect_uri: r.redirectUri,
    response_mode: r.responseMode,
    scope: r.scope,
  };
  if (r.codeChallenge !== null) Object.assign(p, { code_challenge: r.codeChallenge, code_challenge_method: 'S256' });
  if (r.state !== null) p.state = r.state;
  if (r.nonce !== null) p.nonce = r.nonce;
  if (r.maxAge !== null) p.max_age = String(r.maxAge);
  if (r.claims !== null) p.claims = JSON.stringify(r.claims);
  return p;
}

export interface AuthorizeRendering {
  cookies: AuthCookies;
  /** Seals the pending request into the login form (the form's CSRF token). */
  signer: InteractionSigner;
  clock: Clock;
}

/**
 * The authorization endpoint's one renderer: a decision (auth/authorize-decision.ts) becomes a
 * reply. A test instance's hooks around it (http/test-hooks-server.ts) may sign first: async.
 */
export type RenderAuthorize = (
  reply: FastifyReply,
  decision: AuthorizeDecision,
) => FastifyReply | Promise<FastifyReply>;

export function authorizeRenderer({
  cookies,
  signer,
  clock,
}: AuthorizeRendering): (reply: FastifyReply, decision: AuthorizeDecision) => FastifyReply {
  return (reply, decision) => {
    switch (decision.kind) {
      case 'error_page':
        return sendPage(reply, 400, errorPage('This sign-in request cannot be used', decision.message));
      case 'redirect':
        if (decision.signedIn) {
          cookies.set(reply, SESSION_COOKIE, decision.signedIn.cookie, decision.signedIn.maxAge);
          cookies.clear(reply, LOGIN_BINDING_COOKIE);
        }
        return sendToClient(reply, decision.to);
      case 'login': {
        const { request, problem, username, retryAfter } = decision;
        if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
        // a fresh binding per page: the form it carries works in this browser only
        const binding = randomBytes(16).toString('base64url');
        cookies.set(reply, LOGIN_BINDING_COOKIE, binding);
        const interaction = signer.seal(pendingParams(request), binding, clock.now());
        const shown = problem && LOGIN_PROBLEMS[problem];
        const error = shown?.say(retryAfter ?? 60);
        const html = loginPage({ clientName: request.client.name, interaction, error, username });
        return sendPage(reply, shown?.status ?? 200, html, request.redirectUri);
      }
    }
  };
}
