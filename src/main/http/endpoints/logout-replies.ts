import type { FastifyReply } from 'fastify';
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../auth/clock';
import type { LogoutDecision, LogoutRequest } from '../../auth/logout-request';
import { LOGOUT_BINDING_COOKIE, SESSION_COOKIE, type AuthCookies } from '../cookies';
import type { InteractionSigner } from '../oidc/interaction';
import { errorPage, logoutConfirmPage, sendPage, signedOutPage } from '../oidc/pages';
import { redirectWith } from './response-modes';

export interface LogoutRendering {
  cookies: AuthCookies;
  /** Seals the request into the confirmation form (the form's CSRF token). */
  signer: InteractionSigner;
  clock: Clock;
}

/** The end-session endpoint's one renderer: a decision (auth/logout-request.ts) becomes a reply. */
export type RenderLogout = (reply: FastifyReply, decision: LogoutDecision) => FastifyReply;

/** The request as the confirmation form carries it (checked again when the form comes back). */
function carried(request: LogoutRequest): Record<string, string> {
  const p: Record<string, string> = {};
  if (request.client) p.client_id = request.client.id;
  if (request.redirectUri) p.post_logout_redirect_uri = request.redirectUri;
  if (request.state !== null) p.state = request.state;
  return p;
}

export function logoutRenderer({ cookies, signer, clock }: LogoutRendering): RenderLogout {
  return (reply, decision) => {
    switch (decision.kind) {
      case 'refuse':
        return sendPage(reply, 400, errorPage('This sign-out request cannot be used', decision.message));
      case 'confirm': {
        // no proof of who asks: the user confirms, on a form bound to this browser
        const { request } = decision;
        const binding = randomBytes(16).toString('base64url');
        cookies.set(reply, LOGOUT_BINDING_COOKIE, binding);
        const interaction = signer.seal(carried(request), binding, clock.now());
        const html = logoutConfirmPage({ clientName: request.client?.name ?? null, interaction });
        return sendPage(reply, 200, html, request.redirectUri ?? undefined);
      }
      case 'signed_out': {
        const { request } = decision;
        if (decision.browserSignedOut) cookies.clear(reply, SESSION_COOKIE);
        // back to the app's registered URI (with its `state`), or a page saying the user is signed out
        if (!request.redirectUri) return sendPage(reply, 200, signedOutPage());
        const target = redirectWith(request.redirectUri, { state: request.state });
        return reply.header('cache-control', 'no-store').redirect(target, 303);
      }
    }
  };
}
