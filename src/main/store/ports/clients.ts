export type ClientType = 'confidential' | 'public';
export type GrantType = 'authorization_code' | 'refresh_token' | 'client_credentials';
export type ResponseType = 'code' | 'id_token';
export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';
export type IdTokenAlg = 'RS256' | 'ES256' | 'EdDSA' | 'PS256';
export type IdTokenClaims = 'scopes' | 'minimal';

/** A registered OAuth client (relying party or resource server). */
export interface ClientRecord {
  id: string;
  name: string;
  type: ClientType;
  /** base64url SHA-256 of the secret (a secret is 32 random bytes, so no slow hash is needed); null for a public client. */
  secretHash: string | null;
  /** Exact redirect URIs (https, or http on a loopback host); empty without the authorization_code grant. */
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  grantTypes: GrantType[];
  tokenEndpointAuthMethod: ClientAuthMethod;
  backchannelLogoutUri: string | null;
  /** `aud` of the access tokens it is issued; null: the deployment's audience setting. */
  audience: string | null;
  /** The API scopes it may be granted (auth/scopes.ts); a record older than the field has none. */
  scopes: string[];
  /** Algorithm of its id_tokens and logout tokens (migration 12: RS256 for clients registered before). */
  idTokenSignedResponseAlg: IdTokenAlg;
  /** What its id_tokens say of the user (shared/clients.ts ID_TOKEN_CLAIMS; migration 14: `scopes` before). */
  idTokenClaims: IdTokenClaims;
  /** Authorization requests must carry a PKCE challenge (shared/clients.ts); a record older than the field does. */
  requirePkce: boolean;
  /** The response types it may ask for (`code`, and `id_token` alone); a record older than the field: `code`. */
  responseTypes: ResponseType[];
  enabled: boolean;
  /** Raised, with a `client` denylist entry, to end at once every token issued to the client itself. */
  tokenVersion: number;
  createdAt: number;
  updatedAt: number;
  lastUsedAt: number | null;
}

/** How much of a client is live: the Clients screen's columns and its delete dialog's impact. */
export interface ClientUsage {
  /** Active sessions it received tokens in. */
  activeSessions: number;
  /** Its active refresh tokens (in active sessions). */
  liveRefreshTokens: number;
}

/** The client registry, and how much of each client is in use. */
export interface ClientStore {
  /** Insert or replace by id. */
  putClient(client: ClientRecord): Promise<void>;
  getClient(id: string): Promise<ClientRecord | null>;
  /** Every client, oldest first. */
  listClients(): Promise<ClientRecord[]>;
  deleteClient(id: string): Promise<boolean>;
  /**
   * Raises the client's token version by one and records the `client` denylist entry that refuses
   * every older `ver` of the client's own tokens, together. Null for an unknown client.
   */
  bumpClientTokenVersion(
    clientId: string,
    reason: string,
    now: number,
    pruneAfter: number,
  ): Promise<ClientRecord | null>;
  /** Sets `lastUsedAt` (callers write it at most once a minute per client). */
  touchClient(clientId: string, now: number): Promise<void>;
  /**
   * Every client with any live use (clients absent from the map have none). A session is live at
   * `now` while active and before both its expiries (even if the sweep has not expired it yet);
   * `activeSessions` counts the live sessions listing the client in listSessionClients,
   * `liveRefreshTokens` the active, unexpired refresh tokens issued to the client (their clientId)
   * in live sessions, whether or not the session lists the client.
   */
  clientUsage(now: number): Promise<Map<string, ClientUsage>>;
}
