/**
 * The auth server's side of the test hooks (test-hooks.ts), installed only in an instance composed
 * with them: every request to a named endpoint is recorded (secrets redacted), waits out an armed
 * delay, and the token and UserInfo endpoints answer an armed fault instead of running at all (so
 * nothing is consumed: the app may retry). The authorization endpoint's faults and the id_token
 * defects act on decisions and token responses once the use case has run.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { redirectToClient } from '../auth/authorize-decision';
import { withIdTokenDefect, type IdTokenDefectDeps } from '../auth/id-token-defects';
import type { RenderAuthorize } from './endpoints/authorize-replies';
import { armedHooks, type ArmedTestHooks, type EndpointFault, type EndpointName, type TestHooks } from './test-hooks';

/** The route of each endpoint the hooks know (Fastify's route URL). */
const ENDPOINTS: Record<string, EndpointName> = {
  '/authorize': 'authorize',
  '/oauth/token': 'token',
  '/oauth/userinfo': 'userinfo',
  '/oauth/revoke': 'revocation',
  '/oauth/introspect': 'introspection',
  '/.well-known/jwks.json': 'jwks',
  '/.well-known/openid-configuration': 'discovery',
  '/.well-known/oauth-authorization-server': 'discovery',
  '/logout': 'end_session',
};

/** Parameters that are credentials or redeem one: never kept by the recorder. */
const SECRET_PARAMS = new Set([
  'client_secret',
  'password',
  'code_verifier',
  'refresh_token',
  'code',
  'assertion',
  'client_assertion',
  'token',
  'access_token',
]);
export const REDACTED = '[redacted]';

const asText = (value: unknown): string =>
  typeof value === 'string' ? value : Array.isArray(value) ? value.map(asText).join(',') : JSON.stringify(value);

function redactParams(params: unknown): Record<string, string> {
  if (typeof params !== 'object' || params === null) return {};
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) out[name] = SECRET_PARAMS.has(name) ? REDACTED : asText(value);
  return out;
}

/** `authorization` (and a proxy's) keeps its scheme only (`Basic`, `Bearer`); cookies carry sessions. */
function redactHeaders(headers: FastifyRequest['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (name === 'authorization' || name === 'proxy-authorization') out[name] = asText(value).split(' ')[0] ?? '';
    else out[name] = name === 'cookie' ? REDACTED : asText(value);
  }
  return out;
}

/** RFC 6750 §3.1's status for a bearer error; RFC 6749 §5.2's for the token endpoint's. */
function oauthStatus(endpoint: 'token' | 'userinfo', error: string): number {
  if (endpoint === 'token') return error === 'invalid_client' ? 401 : 400;
  return error === 'invalid_token' ? 401 : error === 'insufficient_scope' ? 403 : 400;
}

function sendFault(reply: FastifyReply, endpoint: 'token' | 'userinfo', fault: EndpointFault): FastifyReply {
  reply.header('cache-control', 'no-store');
  if ('error' in fault) {
    const { error, error_description } = fault;
    if (endpoint === 'userinfo') {
      const described = error_description === undefined ? '' : `, error_description="${error_description}"`;
      reply.header('www-authenticate', `Bearer error="${error}"${described}`);
    }
    return reply.code(fault.status ?? oauthStatus(endpoint, error)).send({ error, error_description });
  }
  if (fault.retryAfter !== undefined) reply.header('retry-after', String(fault.retryAfter));
  return reply
    .code(fault.status)
    .type('text/plain; charset=utf-8')
    .send(fault.body ?? STATUS_CODES[fault.status] ?? 'error');
}

async function defective(hooks: ArmedTestHooks, idToken: unknown, deps: IdTokenDefectDeps): Promise<string | null> {
  if (typeof idToken !== 'string') return null;
  const defect = hooks.takeIdTokenDefect();
  return defect === undefined ? null : withIdTokenDefect(idToken, defect, deps);
}

/** Installs the recorder, the delays, the token and UserInfo faults, and the token endpoint's id_token defects. */
export function installTestHooks(app: FastifyInstance, given: TestHooks, deps: IdTokenDefectDeps): void {
  const hooks = armedHooks(given);
  app.addHook('preHandler', async (req, reply) => {
    const endpoint = ENDPOINTS[req.routeOptions.url ?? ''];
    if (!endpoint) return;
    hooks.record({
      endpoint,
      method: req.method,
      path: req.url.split('?')[0] ?? req.url,
      at: Date.now(),
      query: redactParams(req.query),
      body: redactParams(req.body),
      headers: redactHeaders(req.headers),
    });
    const delay = hooks.takeDelay(endpoint);
    if (delay) await sleep(delay);
    if (endpoint !== 'token' && endpoint !== 'userinfo') return;
    const fault = hooks.takeFault(endpoint);
    if (fault) return sendFault(reply, endpoint, fault);
  });
  app.addHook('preSerialization', async (req, reply, payload: unknown) => {
    if (req.routeOptions.url !== '/oauth/token' || reply.statusCode !== 200) return payload;
    if (typeof payload !== 'object' || payload === null || !('id_token' in payload)) return payload;
    const idToken = await defective(hooks, payload.id_token, deps);
    return idToken === null ? payload : { ...payload, id_token: idToken };
  });
}

/**
 * The authorization endpoint's renderer with the hooks: an armed fault turns the next decision
 * that goes back to the client (a redirect, or the login form on its way to one) into that error,
 * to the same checked redirect URI with `state` and `iss`; an armed defect spoils the id_token of
 * a `response_type=id_token` answer. A request that cannot be trusted still gets its error page.
 */
export function withAuthorizeHooks(
  render: RenderAuthorize,
  given: TestHooks,
  deps: IdTokenDefectDeps & { issuer: () => string },
): RenderAuthorize {
  const hooks = armedHooks(given);
  return async (reply, decision) => {
    if (decision.kind === 'error_page') return render(reply, decision);
    const fault = hooks.takeAuthorizeFault();
    if (fault) {
      const state = decision.kind === 'login' ? decision.request.state : (decision.to.params.state ?? null);
      const { redirectUri, responseMode } = decision.kind === 'login' ? decision.request : decision.to;
      const { error, error_description } = fault;
      const params: Record<string, string> = error_description === undefined ? { error } : { error, error_description };
      const to = redirectToClient({ redirectUri, responseMode, state }, params, deps.issuer());
      // a sign-in made on the way keeps its cookie: only the answer to the client is the fault
      const signedIn = decision.kind === 'redirect' ? decision.signedIn : undefined;
      return render(reply, { kind: 'redirect', to, ...(signedIn ? { signedIn } : {}) });
    }
    if (decision.kind !== 'redirect') return render(reply, decision);
    const idToken = await defective(hooks, decision.to.params.id_token, deps);
    if (idToken === null) return render(reply, decision);
    return render(reply, { ...decision, to: { ...decision.to, params: { ...decision.to.params, id_token: idToken } } });
  };
}
