import type { FastifyReply } from 'fastify';
import type { ClientRedirect } from '../../auth/authorize-decision';
import type { ResponseMode } from '../../auth/authorize-request';
import { toErrorDescription } from '../errors';
import { sendFormPost } from '../oidc/form-post-page';

/** `redirectUri` with `params` added to its query (null: left out), as a URL. */
export function redirectWith(redirectUri: string, params: Record<string, string | null>): string {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== null) url.searchParams.set(k, v);
  return url.href;
}

/** `redirectUri` with `params` as its fragment (null: left out), as a URL; a registered URI has no fragment of its own. */
export function redirectWithFragment(redirectUri: string, params: Record<string, string | null>): string {
  const url = new URL(redirectUri);
  const fragment = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null) fragment.set(k, v);
  url.hash = fragment.toString();
  return url.href;
}

/** How one response mode carries an authorization response to the client's redirect URI. */
type ResponseModeRenderer = (reply: FastifyReply, to: ClientRedirect) => FastifyReply;

/**
 * One renderer per response mode (OAuth 2.0 Multiple Response Types §2.1): the use cases decide
 * what goes back to the client, these decide only how it travels. A new mode is a line here (and
 * its name in `auth/authorize-request.ts` RESPONSE_MODES).
 */
const RENDERERS: Record<ResponseMode, ResponseModeRenderer> = {
  // RFC 6749 §4.1.2: the parameters in the redirect URI's query, by a 303 that is never cached
  query: (reply, to) =>
    reply.code(303).header('cache-control', 'no-store').redirect(redirectWith(to.redirectUri, to.params), 303),
  // Multiple Response Types §2.1: in the fragment, which the browser never sends to a server
  fragment: (reply, to) =>
    reply.code(303).header('cache-control', 'no-store').redirect(redirectWithFragment(to.redirectUri, to.params), 303),
  // Form Post Response Mode §2: an auto-submitting form posting to the redirect URI
  form_post: (reply, to) => sendFormPost(reply, to.redirectUri, to.params),
};

/** Sends an authorization response to the client in its response mode. */
export function sendToClient(reply: FastifyReply, to: ClientRedirect): FastifyReply {
  const description = to.params.error_description;
  if (description === undefined) return RENDERERS[to.responseMode](reply, to);
  return RENDERERS[to.responseMode](reply, {
    ...to,
    params: { ...to.params, error_description: toErrorDescription(description) },
  });
}
