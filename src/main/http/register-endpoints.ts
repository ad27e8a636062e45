import type { FastifyInstance } from 'fastify';
import type { Gatehouse } from '../auth/gatehouse';
import { createIdTokenHintVerifier } from '../auth/id-tokens';
import type { LogoutDeps } from '../auth/logout-request';
import { LOGIN_BINDING_COOKIE, LOGOUT_BINDING_COOKIE } from './cookies';
import type { Edge } from './edge';
import { sendError } from './errors';
import { InteractionSigner } from './oidc/interaction';
import type { HostedForm } from './oidc/posted-form';
import { registerAuthLoginEndpoint } from './endpoints/auth-login';
import { registerAuthLogoutEndpoint } from './endpoints/auth-logout';
import { registerAuthRefreshEndpoint } from './endpoints/auth-refresh';
import { registerAuthorizeEndpoint } from './endpoints/authorize';
import { registerAuthorizeLoginEndpoint } from './endpoints/authorize-login';
import { authorizeRenderer } from './endpoints/authorize-replies';
import { registerDiscoveryEndpoint } from './endpoints/discovery';
import { registerIntrospectionEndpoint } from './endpoints/introspection';
import { registerJwksEndpoint } from './endpoints/jwks';
import { loginApiReplies } from './endpoints/login-api-replies';
import { registerLogoutEndpoint } from './endpoints/logout';
import { registerLogoutConfirmEndpoint } from './endpoints/logout-confirm';
import { logoutRenderer } from './endpoints/logout-replies';
import { registerResourceEndpoint } from './endpoints/resource';
import { registerRevocationEndpoint } from './endpoints/revocation';
import { registerTokenEndpoint } from './endpoints/token';
import { registerUserinfoEndpoint } from './endpoints/userinfo';
import type { TestHooks } from './test-hooks';
import { withAuthorizeHooks } from './test-hooks-server';

/**
 * Every public endpoint, one module each (`endpoints/*.ts`), given only the services it uses,
 * picked here from the Gatehouse. Each module parses its parameters (one schema), calls one use
 * case of the domain, and renders what it returns.
 */
export function registerEndpoints(app: FastifyInstance, g: Gatehouse, edge: Edge, hooks?: TestHooks): void {
  const { cookies, sameOrigin } = edge;
  const { clock, sessions, tokens, clientAuth, authorization, browserSessions } = g;
  const issuer = () => g.settings.get().issuer;

  // discovery
  registerDiscoveryEndpoint(app, { settings: g.settings, ring: g.ring });
  registerJwksEndpoint(app, { ring: g.ring });

  // the login API: the session half of the hybrid, for first-party apps
  const replies = loginApiReplies(cookies, clock);
  registerAuthLoginEndpoint(app, { sessions, replies });
  registerAuthRefreshEndpoint(app, { sessions, edge, replies });
  registerAuthLogoutEndpoint(app, { verifier: g.verifier, sessions, tokens, edge, replies });

  // the OpenID Provider: authorization with hosted login, token, UserInfo
  const loginSigner = new InteractionSigner(g.deriveKey('login interaction'));
  const loginForm: HostedForm = {
    signer: loginSigner,
    bindingCookie: LOGIN_BINDING_COOKIE,
    cookies,
    sameOrigin,
    action: 'Sign-in',
    startOver: 'go back to the application and sign in again',
  };
  const rendered = authorizeRenderer({ cookies, signer: loginSigner, clock });
  // a test instance's authorize faults and id_token defects (test-hooks-server.ts); never in a served one
  const renderAuthorize = hooks ? withAuthorizeHooks(rendered, hooks, { ring: g.ring, clock, issuer }) : rendered;
  const flow = { authorization, browserSessions, sessions, clock, issuer };
  registerAuthorizeEndpoint(app, { flow, cookies, render: renderAuthorize });
  registerAuthorizeLoginEndpoint(app, { flow, form: loginForm, render: renderAuthorize });
  registerTokenEndpoint(app, { clientAuth, grants: authorization.grants });
  registerUserinfoEndpoint(app, { verifier: g.anyAudienceVerifier, users: g.store });

  // RFC 7009 revocation and RFC 7662 introspection; any other /oauth/ method or path is refused
  registerRevocationEndpoint(app, { clientAuth, tokens });
  registerIntrospectionEndpoint(app, { clientAuth, tokens });
  app.all('/oauth/*', async (_req, reply) => sendError(reply, 405, 'invalid_request', 'use POST'));

  // RP-Initiated Logout, with its confirmation form
  const logoutSigner = new InteractionSigner(g.deriveKey('logout confirmation'));
  const confirmForm: HostedForm = {
    signer: logoutSigner,
    bindingCookie: LOGOUT_BINDING_COOKIE,
    cookies,
    sameOrigin,
    action: 'Sign-out',
    startOver: 'sign out from the application again',
  };
  const logoutFlow: LogoutDeps = {
    verifyHint: createIdTokenHintVerifier(g.ring, clock, () => g.settings.get()),
    clients: g.clients,
    sessions,
    browserSessions,
  };
  const renderLogout = logoutRenderer({ cookies, signer: logoutSigner, clock });
  registerLogoutEndpoint(app, { flow: logoutFlow, cookies, render: renderLogout });
  registerLogoutConfirmEndpoint(app, { flow: logoutFlow, clock, form: confirmForm, render: renderLogout });

  // the demo protected resource
  registerResourceEndpoint(app, { verifier: g.verifier });
}
