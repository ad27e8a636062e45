import type { AuthorizeCheck, AuthorizeReplyTo, AuthorizeRequest, ResponseMode } from './authorize-request';

/**
 * What the authorization endpoint (and its hosted login) does with a request, decided without
 * HTTP by `authorize.ts` and `authorize-login.ts`. The edge renders a decision and decides nothing.
 */
export type AuthorizeDecision =
  /** The client or its redirect URI cannot be trusted: a page on Gatehouse, never a redirect (an open redirect otherwise). */
  | { kind: 'error_page'; message: string }
  /** Back to the client with a code or an error. `signedIn`: a browser session was opened on the way (its cookie). */
  | { kind: 'redirect'; to: ClientRedirect; signedIn?: BrowserSignIn }
  /** The hosted login form for the request; `problem`: why it is shown again. */
  | { kind: 'login'; request: AuthorizeRequest; problem?: LoginProblem; username?: string; retryAfter?: number };

/**
 * An authorization response (RFC 6749 §4.1.2, §4.1.2.1) on its way to the client. How it travels
 * is its `responseMode`'s renderer at the edge, so a new response mode never changes a use case.
 */
export interface ClientRedirect {
  redirectUri: string;
  responseMode: ResponseMode;
  /** `code`, or `error` and `error_description`; then `state` when the request had one, and `iss` (RFC 9207). */
  params: Record<string, string>;
}

/** The provider's browser session opened by a sign-in: the cookie's value and its lifetime in seconds. */
export interface BrowserSignIn {
  cookie: string;
  maxAge: number;
}

/** Why the login form is shown again; the edge chooses the status and the words. */
export type LoginProblem = 'missing_credentials' | 'wrong_credentials' | 'throttled' | 'busy';

/** The response for `to`, carrying its `state` and the issuer's name (RFC 9207: mix-up defence). */
export function redirectToClient(to: AuthorizeReplyTo, params: Record<string, string>, issuer: string): ClientRedirect {
  const state: Record<string, string> = to.state === null ? {} : { state: to.state };
  return { redirectUri: to.redirectUri, responseMode: to.responseMode, params: { ...params, ...state, iss: issuer } };
}

/** A request the check refused: a page when the client cannot be trusted, else the error back to the client. */
export function refusedRequest(check: Extract<AuthorizeCheck, { ok: false }>, issuer: string): AuthorizeDecision {
  if (check.fatal) return { kind: 'error_page', message: check.message };
  const params = { error: check.error, error_description: check.description };
  return { kind: 'redirect', to: redirectToClient(check.replyTo, params, issuer) };
}
