import type { GrantTypeName } from '../../../shared/clients';
import type {
  AuthorizationCodeStore,
  ClientRecord,
  SessionRecord,
  SessionStore,
  UserRecord,
  UserStore,
} from '../../store/store';
import type { AccessTokenIssuer } from '../access-token-issuer';
import type { AuditLog } from '../audit';
import type { Clock } from '../clock';
import { AuthError } from '../errors';
import type { IdTokenIssuer } from '../id-tokens';
import { claimsAskedIn, type ClaimsRequest } from '../claims-request';
import { userinfoClaims } from '../userinfo';
import type { ClientContext, SessionService } from '../sessions';

/** A grant the token endpoint knows (RFC 6749 §4), as a client registers for it. */
export type GrantType = GrantTypeName;

/** The token endpoint's answer (RFC 6749 §5.1, OIDC Core §3.1.3.3). */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
  refresh_token?: string;
  id_token?: string;
}

/** Every grant's parameters, as the token endpoint's one schema read them (each grant uses its own). */
export interface GrantParams {
  code?: string;
  redirect_uri?: string;
  code_verifier?: string;
  refresh_token?: string;
  scope?: string;
}

/** One token request, its client already authenticated. */
export interface GrantRequest {
  client: ClientRecord;
  params: GrantParams;
  /** Who is asking (address, user agent), for the sessions and the audit. */
  context: ClientContext;
}

/** One grant (`grants/<grant>.ts`): tokens for an authenticated client, or an `AuthError` saying why not. */
export type GrantHandler = (request: GrantRequest) => Promise<TokenResponse>;

/** What the grants are built from. */
export interface GrantDeps {
  /** The store's roles a grant reads and writes (the codes, the sessions they came from, their users). */
  store: AuthorizationCodeStore & SessionStore & UserStore;
  clock: Clock;
  sessions: SessionService;
  issuer: AccessTokenIssuer;
  idTokens: IdTokenIssuer;
  audit: AuditLog;
}

export const hasScope = (scope: string, name: string): boolean => scope.split(' ').includes(name);

/** RFC 6749 §5.2 `unauthorized_client`: a client uses only the grants it is registered for. */
export function requireGrant(client: ClientRecord, grant: GrantType): void {
  if (!client.grantTypes.includes(grant))
    throw new AuthError('unauthorized_client', `${client.name} is not registered for the ${grant} grant`);
}

/**
 * The id_token that goes with a user's access token (OIDC Core §3.1.3.3), when `openid` was
 * granted, signed in the client's `idTokenSignedResponseAlg`. What it says of the user is the
 * client's `idTokenClaims`: with `scopes` (the default) what UserInfo says for the same scope (OIDC
 * Core §5.4 allows either place), so a relying party that reads only the id_token knows the user's
 * name; with `minimal` nothing of the scope's, the access token fetching it at UserInfo. Either way,
 * the claims the authorization request's `claims` parameter asked of the id_token (OIDC Core §5.5).
 */
export async function idTokenFor(
  idTokens: IdTokenIssuer,
  user: UserRecord,
  session: SessionRecord,
  client: ClientRecord,
  access: { token: string; scope: string; authTime: number; nonce: string | null; claims?: ClaimsRequest | null },
): Promise<{ id_token?: string }> {
  if (!hasScope(access.scope, 'openid')) return {};
  const id_token = await idTokens.issue(
    {
      userId: user.id,
      sessionId: session.id,
      clientId: client.id,
      authTime: access.authTime,
      nonce: access.nonce,
      accessToken: access.token,
      claims: idTokenUserClaims(user, access.scope, claimsAskedIn(access.claims ?? null, 'id_token'), client),
    },
    client.idTokenSignedResponseAlg,
  );
  return { id_token };
}

/** What an id_token beside an access token says of the user, as the client's `idTokenClaims` decides. */
function idTokenUserClaims(
  user: UserRecord,
  scope: string,
  asked: readonly string[],
  client: Pick<ClientRecord, 'idTokenClaims'>,
): Record<string, unknown> {
  const claims = userinfoClaims(user, scope, asked);
  if (client.idTokenClaims === 'scopes') return claims;
  // the protocol's claims (sub among them) are the issuer's own: only the names asked for are kept
  return Object.fromEntries(Object.entries(claims).filter(([name]) => asked.includes(name)));
}
