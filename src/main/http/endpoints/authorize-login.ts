import type { FastifyInstance } from 'fastify';
import { login, type LoginDeps } from '../../auth/authorize-login';
import { clientOf } from '../edge';
import { interactionParam, openPostedForm, type HostedForm } from '../oidc/posted-form';
import { inputOf, optional, paramsSchema, readParams } from '../params';
import { authorizeParams } from './authorize';
import type { RenderAuthorize } from './authorize-replies';

/** POST /authorize/login: the hosted login form, its signed pending request first. */
export const loginFormParams = paramsSchema({
  ...interactionParam,
  username: optional(256),
  password: optional(1024),
});

export interface AuthorizeLoginEndpointDeps {
  flow: LoginDeps;
  /** The login form: its signer, binding cookie and Origin check (shared with the page the form came from). */
  form: HostedForm;
  render: RenderAuthorize;
}

/**
 * The hosted login form posted back (use case: auth/authorize-login.ts): used only when it comes
 * from this origin with the signed request its page was opened with, bound to this browser.
 */
export function registerAuthorizeLoginEndpoint(
  app: FastifyInstance,
  { flow, form, render }: AuthorizeLoginEndpointDeps,
): void {
  app.post('/authorize/login', async (req, reply) => {
    const read = readParams(req.body, loginFormParams);
    const opened = openPostedForm(req, reply, form, read, flow.clock.now());
    if ('sent' in opened) return opened.sent;
    const pending = inputOf(readParams(opened.params, authorizeParams));
    // a username or password given twice, or too long, is as good as none
    const typed = read.ok ? { username: read.params.username, password: read.params.password } : {};
    return render(reply, await login(flow, pending, typed, clientOf(req)));
  });
}
