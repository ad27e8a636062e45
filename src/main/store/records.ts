import type { ClientRecord } from './ports/clients';

/**
 * Stored forms shared by both adapters, so that they agree on what a record older than a field
 * reads as.
 */

/** A user's custom claims as stored: the JSON text of a plain object. Anything else is refused before a write. */
export function claimsJson(claims: unknown): string {
  if (claims === null || typeof claims !== 'object' || Array.isArray(claims))
    throw new TypeError('user claims must be a JSON object');
  return JSON.stringify(claims);
}

/** What a client record written before the OpenID Provider holds: the resource server that introspects and revokes. */
export type LegacyClient = Partial<ClientRecord> & Pick<ClientRecord, 'id' | 'createdAt'>;

/**
 * A client with every field, those it lacks taken as SQLite's migration 5 gives an older row:
 * confidential, client_secret_basic, no redirect URIs and no grants, enabled, named by its id,
 * version 0, updated when created, never used; and as migration 9 gives it, no registered scopes; as migration 10,
 * PKCE required; as migration 11, the code flow only; as migration 12, RS256 id_tokens; as migration 14, the scope's claims in them.
 */
export function withClientDefaults(c: LegacyClient): ClientRecord {
  return {
    id: c.id,
    name: c.name ?? c.id,
    type: c.type ?? 'confidential',
    secretHash: c.secretHash ?? null,
    redirectUris: c.redirectUris ?? [],
    postLogoutRedirectUris: c.postLogoutRedirectUris ?? [],
    grantTypes: c.grantTypes ?? [],
    tokenEndpointAuthMethod: c.tokenEndpointAuthMethod ?? 'client_secret_basic',
    backchannelLogoutUri: c.backchannelLogoutUri ?? null,
    audience: c.audience ?? null,
    // migration 9: a client registered before scopes were has none (it must be given the ones it uses)
    scopes: c.scopes ?? [],
    // migration 10: a client registered before the field requires PKCE, as every client then did
    requirePkce: c.requirePkce ?? true,
    // migration 11: a client registered before response types were uses the code flow only
    responseTypes: c.responseTypes ?? ['code'],
    // migration 12: OpenID Connect's default
    idTokenSignedResponseAlg: c.idTokenSignedResponseAlg ?? 'RS256',
    // migration 14: the scope's claims in the id_token, as every client had them before
    idTokenClaims: c.idTokenClaims ?? 'scopes',
    enabled: c.enabled ?? true,
    tokenVersion: c.tokenVersion ?? 0,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt ?? c.createdAt,
    lastUsedAt: c.lastUsedAt ?? null,
  };
}

/** A delivery attempt's latency as both adapters keep it: whole milliseconds (SQLite's column is an INTEGER). */
export const wholeMs = (ms: number | null): number | null => (ms === null ? null : Math.round(ms));
