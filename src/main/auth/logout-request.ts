import type { ClientRecord } from '../store/store';
import type { BrowserSessions } from './browser-sessions';
import type { ClientService } from './clients';
import type { IdTokenHint } from './id-tokens';
import type { RequestInput } from './request-input';
import type { SessionService } from './sessions';

/** The parameters of RP-Initiated Logout 1.0 §2 (and of the confirmation form's signed copy). */
export interface LogoutParams {
  id_token_hint?: string;
  client_id?: string;
  post_logout_redirect_uri?: string;
  state?: string;
  logout_hint?: string;
  ui_locales?: string;
}

/** A logout request Gatehouse will act on: who asked, where to go back, and whether the hint proved it. */
export interface LogoutRequest {
  hint: IdTokenHint | null;
  client: ClientRecord | null;
  /** Exactly one of the client's registered post-logout redirect URIs, or null (a page on Gatehouse). */
  redirectUri: string | null;
  state: string | null;
}

/** What the end-session endpoint does; the edge renders it. */
export type LogoutDecision =
  /** Anything wrong: a page on Gatehouse saying why, never a redirect. */
  | { kind: 'refuse'; message: string }
  /** No proof of who asks: the user confirms on a form first. */
  | { kind: 'confirm'; request: LogoutRequest }
  /** The session ended; `browserSignedOut`: the provider cookie goes too. Then back to the app, or a page. */
  | { kind: 'signed_out'; request: LogoutRequest; browserSignedOut: boolean };

export interface LogoutDeps {
  /** `id-tokens.ts createIdTokenHintVerifier`: an ID token Gatehouse issued, expired or not, or null. */
  verifyHint: (token: string) => Promise<IdTokenHint | null>;
  clients: Pick<ClientService, 'get'>;
  sessions: Pick<SessionService, 'endSession'>;
  browserSessions: Pick<BrowserSessions, 'resolve' | 'close'>;
}

/**
 * Checks a logout request; a string is why it is refused. `hintVerified`: the request comes from
 * Gatehouse's own signed confirmation form, which carries no hint. A `post_logout_redirect_uri`
 * is followed only when registered, exactly, for the client the hint or `client_id` names.
 */
export async function checkLogoutRequest(
  deps: Pick<LogoutDeps, 'verifyHint' | 'clients'>,
  { params: p, invalid }: RequestInput<LogoutParams>,
  hintVerified = false,
): Promise<LogoutRequest | string> {
  if (invalid) return invalid.message;
  let hint: IdTokenHint | null = null;
  if (p.id_token_hint !== undefined && !hintVerified) {
    hint = await deps.verifyHint(p.id_token_hint);
    if (!hint) return 'id_token_hint is not an ID token Gatehouse issued (or its key was revoked)';
    if (p.client_id !== undefined && p.client_id !== hint.clientId)
      return 'client_id names another client than the id_token_hint was issued to';
  }
  const clientId = hint?.clientId ?? p.client_id;
  const client = clientId === undefined ? null : await deps.clients.get(clientId);
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
}

/** Ends the session (one already ended is left so), said to be the app's doing when an app asked. */
async function endSession(deps: LogoutDeps, sessionId: string | null, request: LogoutRequest): Promise<void> {
  const actor = request.client ? `client:${request.client.id}` : 'user';
  const why = request.client ? `signed out at ${request.client.name}` : 'signed out at Gatehouse';
  if (sessionId) await deps.sessions.endSession(sessionId, why, actor);
}

/**
 * OpenID Connect RP-Initiated Logout 1.0 at the `end_session_endpoint`. With a valid
 * `id_token_hint` (expired or not) the session it names ends at once, and the browser's provider
 * session with it unless that is another one (someone else signed in here since); without one the
 * user confirms first (`confirmLogout`).
 */
export async function logout(
  deps: LogoutDeps,
  input: RequestInput<LogoutParams>,
  browserCookie: string | undefined,
): Promise<LogoutDecision> {
  const request = await checkLogoutRequest(deps, input);
  if (typeof request === 'string') return { kind: 'refuse', message: request };
  if (!request.hint) return { kind: 'confirm', request };
  const current = await deps.browserSessions.resolve(browserCookie);
  const browserSignedOut = !current || current.id === request.hint.sessionId;
  await endSession(deps, request.hint.sessionId, request);
  if (browserSignedOut) await deps.browserSessions.close(browserCookie);
  return { kind: 'signed_out', request, browserSignedOut };
}

/**
 * The user confirmed on Gatehouse's own form (`pending`: the request it carried, checked again
 * since the client or its URIs may have changed meanwhile): the browser's session ends.
 */
export async function confirmLogout(
  deps: LogoutDeps,
  pending: RequestInput<LogoutParams>,
  browserCookie: string | undefined,
): Promise<LogoutDecision> {
  const request = await checkLogoutRequest(deps, pending, true);
  if (typeof request === 'string') return { kind: 'refuse', message: request };
  const current = await deps.browserSessions.resolve(browserCookie);
  await endSession(deps, current?.id ?? null, request);
  await deps.browserSessions.close(browserCookie);
  return { kind: 'signed_out', request, browserSignedOut: true };
}
