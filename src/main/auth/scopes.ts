import { OIDC_SCOPES } from '../../shared/clients';
import type { ClientRecord } from '../store/store';
import { AuthError } from './errors';

/**
 * What a client is granted of the scope it asked for (RFC 6749 §3.3), decided here for every
 * grant: the client's registered API scopes, plus the OIDC user scopes where there is a user.
 */

const isOidcScope = (s: string): boolean => (OIDC_SCOPES as readonly string[]).includes(s);
const requestedScopes = (requested: string | undefined): string[] => (requested ?? '').split(' ').filter(Boolean);

/**
 * The authorization code flow (OIDC Core §3.1.2.1): scopes the client may not have are dropped,
 * not refused, and the granted scope is returned with the tokens. The OIDC scopes come first in
 * their fixed order, then the client's registered scopes in the order they were registered.
 */
export function grantUserScope(client: ClientRecord, requested: string | undefined): string {
  const asked = new Set(requestedScopes(requested));
  return [...OIDC_SCOPES, ...client.scopes].filter((s) => asked.has(s)).join(' ');
}

/**
 * client_credentials (RFC 6749 §4.4.2, §5.2): every scope asked for must be registered for the
 * client, else `invalid_scope` naming the first that is not. The OIDC user scopes mean nothing
 * without a user and are dropped, as before registered scopes. Omitting `scope` grants none
 * (least privilege: a client asks for what it uses).
 */
export function grantClientScope(client: ClientRecord, requested: string | undefined): string {
  const asked = [...new Set(requestedScopes(requested))].filter((s) => !isOidcScope(s));
  const unregistered = asked.find((s) => !client.scopes.includes(s));
  if (unregistered !== undefined)
    throw new AuthError(
      'invalid_scope',
      `scope ${JSON.stringify(unregistered.slice(0, 64))} is not registered for ${client.name}` +
        (client.scopes.length ? ` (registered: ${client.scopes.join(' ')})` : ' (it has no registered scopes)'),
    );
  return asked.join(' ');
}
