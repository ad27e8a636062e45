import { authorizationCodeGrant } from './authorization-code';
import { clientCredentialsGrant } from './client-credentials';
import type { GrantDeps, GrantHandler, GrantType } from './grant';
import { refreshTokenGrant } from './refresh-token';

export type { GrantDeps, GrantHandler, GrantParams, GrantRequest, GrantType, TokenResponse } from './grant';

/** The token endpoint's grants by `grant_type`: a new grant is a file in this folder and a line here. */
export type GrantHandlers = Readonly<Record<GrantType, GrantHandler>>;

export function createGrantHandlers(deps: GrantDeps): GrantHandlers {
  return {
    authorization_code: authorizationCodeGrant(deps),
    refresh_token: refreshTokenGrant(deps),
    client_credentials: clientCredentialsGrant(deps),
  };
}

/** The handler for a `grant_type` a client sent, or null for one Gatehouse does not know. */
export function grantHandlerFor(handlers: GrantHandlers, grantType: string): GrantHandler | null {
  // own keys only: `__proto__` or `toString` is no grant
  return Object.hasOwn(handlers, grantType) ? handlers[grantType as GrantType] : null;
}
