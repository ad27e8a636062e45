import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import type { AuthorizeRequest } from '../../auth/authorize-request';
import { redirectWith } from '../../auth/authorize-request';
import { AuthError } from '../../auth/errors';
import type { Gatehouse } from '../../auth/gatehouse';
import { withUserToken } from '../bearer';
import { requireClient } from '../client-auth';
import { LOGIN_BINDING_COOKIE, SESSION_COOKIE, type AuthCookies } from '../cookies';
import { sendError } from '../errors';
import { InteractionSigner } from '../oidc/interaction';
import { openPostedForm, type HostedForm } from '../oidc/posted-form';
import { errorPage, loginPage, sendPage } from '../oidc/pages';
import { readParams, refuseParams } from '../params';
import { authorizeParams, loginFormParams, tokenParams } from './oidc-params';

const clientOf = (req: FastifyRequest) => ({ ip: req.ip, userAgent: String(req.headers['user-agent'] ?? '') });

/** The pending request as the login form carries it (the validated query, to be checked again on POST). */
function pendingParams(r: AuthorizeRequest): Record<string, string> {
  const p: Record<string, string> = {
    response_type: 'code',
    client_id: r.client.id,
    redirect_uri: r.redirectUri,
    scope: r.scope,
    code_challenge: r.codeChallenge,
    code_challenge_method: 'S256',
  };
  if (r.state !== null) p.state = r.state;
  if (r.nonce !== null) p.nonce = r.nonce;
  if (r.maxAge !== null) p.max_age = String(r.maxAge);
  return p;
}

/**
 * The OpenID Provider's endpoints: authorization (hosted login, single sign-on through the
 * provider's own session cookie), token (authorization_code, refresh_token, client_credentials),
 * and UserInfo. `sameOrigin` guards the login form (CSRF), as it guards every cookie-authenticated
 * request.
 */
export function registerOidcRoutes(
  app: FastifyInstance,
  gatehouse: Gatehouse,
  cookies: AuthCookies,
  sameOrigin: (req: FastifyRequest) => boolean,
): void {
  const signer = new InteractionSigner(gatehouse.deriveKey('login interaction'));
  const loginForm: HostedForm = {
    signer,
    bindingCookie: LOGIN_BINDING_COOKIE,
    cookies,
    sameOrigin,
    action: 'Sign-in',
    startOver: 'go back to the application and sign in again',
  };
  const issuer = () => gatehouse.settings.get().issuer;
  const authorization = gatehouse.authorization;

  const sendBack = (
    reply: FastifyReply,
    request: Pick<AuthorizeRequest, 'redirectUri' | 'state'>,
    params: Record<string, string | null>,
  ) =>
    reply
      .code(303)
      .header('cache-control', 'no-store')
      .redirect(redirectWith(request.redirectUri, { ...params, state: request.state, iss: issuer() }), 303);

  const showLogin = (
    reply: FastifyReply,
    request: AuthorizeRequest,
    status = 200,
    error?: string,
    username?: string,
  ) => {
    const binding = randomBytes(16).toString('base64url');
    cookies.set(reply, LOGIN_BINDING_COOKIE, binding);
    const interaction = signer.seal(pendingParams(request), binding, gatehouse.clock.now());
    const html = loginPage({ clientName: request.client.name, interaction, error, username });
    return sendPage(reply, status, html, request.redirectUri);
  };

  const issueCodeAndReturn = async (
    reply: FastifyReply,
    request: AuthorizeRequest,
    session: Parameters<typeof authorization.issueCode>[1],
  ) => sendBack(reply, request, { code: await authorization.issueCode(request, session) });

  const authorize = async (req: FastifyRequest, reply: FastifyReply, input: unknown) => {
    const read = readParams(input, authorizeParams);
    const check = await (read.ok ? authorization.check(read.params) : authorization.check(read.valid, read.problem));
    if (!check.ok && check.fatal)
      return sendPage(reply, 400, errorPage('This sign-in request cannot be used', check.message));
    if (!check.ok) return sendBack(reply, check, { error: check.error, error_description: check.description });
    const { request } = check;
    const session = await gatehouse.browserSessions.resolve(cookies.read(req, SESSION_COOKIE));
    if (authorization.sessionSatisfies(request, session)) return issueCodeAndReturn(reply, request, session);
    if (request.prompt.has('none'))
      return sendBack(reply, request, {
        error: 'login_required',
        error_description: 'the user is not signed in to Gatehouse',
      });
    return showLogin(reply, request);
  };

  app.get('/authorize', async (req, reply) => authorize(req, reply, req.query));
  // OIDC Core §3.1.2.1: the authorization endpoint takes POST (form) too
  app.post('/authorize', async (req, reply) => authorize(req, reply, req.body));

  app.post('/authorize/login', async (req, reply) => {
    const opened = openPostedForm(req, reply, loginForm, gatehouse.clock.now());
    if ('sent' in opened) return opened.sent;
    // checked again: the client may have been disabled, or its redirect URI removed, meanwhile
    const pending = readParams(opened.params, authorizeParams);
    const check = await (pending.ok
      ? authorization.check(pending.params)
      : authorization.check(pending.valid, pending.problem));
    if (!check.ok && check.fatal)
      return sendPage(reply, 400, errorPage('This sign-in request cannot be used', check.message));
    if (!check.ok) return sendBack(reply, check, { error: check.error, error_description: check.description });
    const { request } = check;
    const form = readParams(req.body, loginFormParams);
    const { username = '', password = '' } = form.ok ? form.params : {};
    if (!username || !password) return showLogin(reply, request, 400, 'Enter your username and password.', username);
    let user;
    try {
      user = await gatehouse.sessions.authenticate(username, password, clientOf(req));
    } catch (err) {
      if (!(err instanceof AuthError)) throw err;
      if (err.code === 'login_throttled' || err.code === 'login_busy') {
        reply.header('retry-after', String(err.retryAfter ?? 60));
        const wait =
          err.code === 'login_busy'
            ? 'Too many sign-ins are in progress; try again in a moment.'
            : `Too many failed sign-ins; try again in ${Math.ceil((err.retryAfter ?? 60) / 60)} min.`;
        return showLogin(reply, request, err.code === 'login_busy' ? 503 : 429, wait, username);
      }
      return showLogin(reply, request, 401, 'The username or password is not right.', username);
    }
    // a new login is a new session (prompt=login re-authenticates); the old browser session, if any, is left to expire
    const session = await gatehouse.sessions.startBrowserSession(user, clientOf(req));
    const cookie = await gatehouse.browserSessions.open(session);
    cookies.set(reply, SESSION_COOKIE, cookie, session.absoluteExpiresAt - gatehouse.clock.now());
    cookies.clear(reply, LOGIN_BINDING_COOKIE);
    return issueCodeAndReturn(reply, request, session);
  });

  const tokenError = (reply: FastifyReply, err: unknown) => {
    if (!(err instanceof AuthError)) throw err;
    const status = err.code === 'invalid_client' ? 401 : err.code === 'login_busy' ? 503 : 400;
    const code = [
      'invalid_grant',
      'invalid_request',
      'unauthorized_client',
      'unsupported_grant_type',
      'invalid_scope',
      'invalid_client',
    ].includes(err.code)
      ? err.code
      : 'invalid_request';
    return sendError(reply, status, code, err.message);
  };

  app.post('/oauth/token', async (req, reply) => {
    const read = readParams(req.body, tokenParams);
    if (!read.ok) return refuseParams(reply, read.problem);
    const p = read.params;
    const client = await requireClient(gatehouse, req, reply, p);
    if (!client) return reply;
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    try {
      switch (p.grant_type) {
        case 'authorization_code':
          return reply.send(
            await authorization.redeemCode(client, {
              code: p.code,
              redirectUri: p.redirect_uri,
              codeVerifier: p.code_verifier,
            }),
          );
        case 'refresh_token':
          return reply.send(await authorization.refresh(client, p.refresh_token, clientOf(req)));
        case 'client_credentials':
          return reply.send(await authorization.clientCredentials(client, p.scope));
        case undefined:
          return sendError(reply, 400, 'invalid_request', 'grant_type is missing');
        default:
          return sendError(
            reply,
            400,
            'unsupported_grant_type',
            `grant_type ${p.grant_type.slice(0, 64)} is not supported`,
          );
      }
    } catch (err) {
      return tokenError(reply, err);
    }
  });

  const userinfo = withUserToken(
    gatehouse,
    async (claims, _req, reply) => {
      try {
        reply.header('cache-control', 'no-store').send(await authorization.userinfo(claims));
      } catch (err) {
        if (!(err instanceof AuthError) || err.code !== 'invalid_scope') throw err;
        // RFC 6750 §3.1
        reply.header('www-authenticate', `Bearer realm="gatehouse", error="insufficient_scope", scope="openid"`);
        sendError(reply, 403, 'insufficient_scope', err.message);
      }
    },
    gatehouse.anyAudienceVerifier,
  );
  app.get('/oauth/userinfo', userinfo);
  app.post('/oauth/userinfo', userinfo);
}
