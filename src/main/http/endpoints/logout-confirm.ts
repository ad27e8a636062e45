import type { FastifyInstance } from 'fastify';
import { confirmLogout, type LogoutDeps } from '../../auth/logout-request';
import type { Clock } from '../../auth/clock';
import { LOGOUT_BINDING_COOKIE, SESSION_COOKIE } from '../cookies';
import { interactionParam, openPostedForm, type HostedForm } from '../oidc/posted-form';
import { inputOf, paramsSchema, readParams } from '../params';
import { logoutParams } from './logout';
import type { RenderLogout } from './logout-replies';

/** POST /logout/confirm: the confirmation form, which carries only the signed request. */
const confirmFormParams = paramsSchema(interactionParam);

export interface LogoutConfirmEndpointDeps {
  flow: LogoutDeps;
  clock: Clock;
  /** The confirmation form: its signer, binding cookie and Origin check (shared with the page it came from). */
  form: HostedForm;
  render: RenderLogout;
}

/** POST /logout/confirm: the user confirmed a logout that came without a valid id_token_hint. */
export function registerLogoutConfirmEndpoint(
  app: FastifyInstance,
  { flow, clock, form, render }: LogoutConfirmEndpointDeps,
): void {
  app.post('/logout/confirm', async (req, reply) => {
    const opened = openPostedForm(req, reply, form, readParams(req.body, confirmFormParams), clock.now());
    if ('sent' in opened) return opened.sent;
    const pending = inputOf(readParams(opened.params, logoutParams));
    const decision = await confirmLogout(flow, pending, form.cookies.read(req, SESSION_COOKIE));
    if (decision.kind === 'signed_out') form.cookies.clear(reply, LOGOUT_BINDING_COOKIE);
    return render(reply, decision);
  });
}
