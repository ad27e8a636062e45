import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { redirectWith } from '../../auth/authorize-request';
import type { Gatehouse } from '../../auth/gatehouse';
import { createIdTokenHintVerifier, type IdTokenHint } from '../../auth/id-tokens';
import type { ClientRecord } from '../../store/store';
import { LOGOUT_BINDING_COOKIE, SESSION_COOKIE, type AuthCookies } from '../cookies';
import { InteractionSigner } from '../oidc/interaction';
import { openPostedForm, type HostedForm } from '../oidc/posted-form';
import { errorPage, logoutConfirmPage, sendPage, signedOutPage } from '../oidc/pages';
import { optional, paramsSchema, readParams } from '../params';

/** GET and POST /logout (RP-Initiated Logout §2), and the confirmation form's signed copy. */
const logoutParams = paramsSchema({
  id_token_hint: optional(),
  client_id: optional(),
  post_logout_redirect_uri: optional(),
  state: optional(),
  logout_hint: optional(),
  ui_locales: optional(),
});

/** A logout request Gatehouse will act on: who asked, where to go back, and whether the hint proved it. */
interface LogoutRequest {
  hint: IdTokenHint | null;
  client: ClientRecord | null;
  /** Exactly one of the client's registered post-logout redirect URIs, or null (a page on Gatehouse). */
  redirectUri: string | null;
  state: string | null;
}

/**
 * OpenID Connect RP-Initiated Logout 1.0 at the `end_session_endpoint`. With a valid
 * `id_token_hint` (expired or not) the session it names ends at once; without one the user
 * confirms on a small page first. Ending the session ends every app's tokens on their next
 * request, tells every app with a back-channel URI, and clears the provider's cookie. A
 * `post_logout_redirect_uri` is followed only when it is registered, exactly, for the client the
 * hint or `client_id` names; anything wrong is a page on Gatehouse, never a redirect.
 */
export function registerLogoutRoutes(
  app: FastifyInstance,
  gatehouse: Gatehouse,
  cookies: AuthCookies,
  sameOrigin: (req: FastifyRequest) => boolean,
): void {
  const verifyHint = createIdTokenHintVerifier(gatehouse.ring, gatehouse.clock, () => gatehouse.settings.get());
  const signer = new InteractionSigner(gatehouse.deriveKey('logout confirmation'));
  const confirmForm: HostedForm = {
    signer,
    bindingCookie: LOGOUT_BINDING_COOKIE,
    cookies,
    sameOrigin,
    action: 'Sign-out',
    startOver: 'sign out from the application again',
  };
  const refuse = (reply: FastifyReply, message: string) =>
    sendPage(reply, 400, errorPage('This sign-out request cannot be used', message));

  /** The request's parameters checked; a string is why it is refused. */
  const check = async (input: unknown, verified: boolean): Promise<LogoutRequest | string> => {
    const read = readParams(input, logoutParams);
    if (!read.ok) return read.problem.message;
    const p = read.params;
    let hint: IdTokenHint | null = null;
    if (p.id_token_hint !== undefined && !verified) {
      hint = await verifyHint(p.id_token_hint);
      if (!hint) return 'id_token_hint is not an ID token Gatehouse issued (or its key was revoked)';
      if (p.client_id !== undefined && p.client_id !== hint.clientId)
        return 'client_id names another client than the id_token_hint was issued to';
    }
    const clientId = hint?.clientId ?? p.client_id;
    const client = clientId === undefined ? null : await gatehouse.clients.get(clientId);
    if (clientId !== undefined && !client)
      return `no client ${JSON.stringify(clientId.slice(0, 128))} is registered here`;
    const uri = p.post_logout_redirect_uri;
    if (uri !== undefined) {
      if (!client) return 'post_logout_redirect_uri needs id_token_hint or client_id to say whose it is';
      // exactly as registered, like redirect_uri (RFC 9700 §2.1): no prefix, no normalisation
      if (!client.postLogoutRedirectUris.includes(uri))
        return `${uri.slice(0, 200)} is not a post-logout redirect URI registered for ${client.name}`;
    }
    return { hint, client, redirectUri: uri ?? null, state: p.state ?? null };
  };

  /** Back to the app's registered URI (with its `state`), or a page saying the user is signed out. */
  const goBack = (reply: FastifyReply, request: LogoutRequest) => {
    if (!request.redirectUri) return sendPage(reply, 200, signedOutPage());
    const target = redirectWith(request.redirectUri, { state: request.state });
    return reply.header('cache-control', 'no-store').redirect(target, 303);
  };

  /** Ends the session (one already ended is left so); `browser`: the provider cookie goes with it. */
  const end = async (
    req: FastifyRequest,
    reply: FastifyReply,
    sessionId: string | null,
    request: LogoutRequest,
    browser: boolean,
  ) => {
    const actor = request.client ? `client:${request.client.id}` : 'user';
    const why = request.client ? `signed out at ${request.client.name}` : 'signed out at Gatehouse';
    if (sessionId) await gatehouse.sessions.endSession(sessionId, why, actor);
    if (browser) {
      await gatehouse.browserSessions.close(cookies.read(req, SESSION_COOKIE));
      cookies.clear(reply, SESSION_COOKIE);
    }
  };

  const logout = async (req: FastifyRequest, reply: FastifyReply, query: unknown) => {
    const request = await check(query, false);
    if (typeof request === 'string') return refuse(reply, request);
    if (request.hint) {
      // the hint proves which session the app means: it ends without asking. The browser's own
      // session goes with it, unless it is another one (someone else signed in here since).
      const current = await gatehouse.browserSessions.resolve(cookies.read(req, SESSION_COOKIE));
      await end(req, reply, request.hint.sessionId, request, !current || current.id === request.hint.sessionId);
      return goBack(reply, request);
    }
    // no proof of who asks: the user confirms, on a form bound to this browser
    const binding = randomBytes(16).toString('base64url');
    cookies.set(reply, LOGOUT_BINDING_COOKIE, binding);
    const carried: Record<string, string> = {};
    if (request.client) carried.client_id = request.client.id;
    if (request.redirectUri) carried.post_logout_redirect_uri = request.redirectUri;
    if (request.state !== null) carried.state = request.state;
    const interaction = signer.seal(carried, binding, gatehouse.clock.now());
    const html = logoutConfirmPage({ clientName: request.client?.name ?? null, interaction });
    return sendPage(reply, 200, html, request.redirectUri ?? undefined);
  };

  app.get('/logout', async (req, reply) => logout(req, reply, req.query));
  // RP-Initiated Logout §2: the endpoint takes POST (form) too
  app.post('/logout', async (req, reply) => logout(req, reply, req.body));

  app.post('/logout/confirm', async (req, reply) => {
    const opened = openPostedForm(req, reply, confirmForm, gatehouse.clock.now());
    if ('sent' in opened) return opened.sent;
    // checked again: the client or its URIs may have changed meanwhile
    const request = await check(opened.params, true);
    if (typeof request === 'string') return refuse(reply, request);
    const current = await gatehouse.browserSessions.resolve(cookies.read(req, SESSION_COOKIE));
    await end(req, reply, current?.id ?? null, request, true);
    cookies.clear(reply, LOGOUT_BINDING_COOKIE);
    return goBack(reply, request);
  });
}
