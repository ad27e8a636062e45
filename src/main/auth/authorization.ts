import { createHash } from 'node:crypto';
import { isPublic } from '../../shared/clients';
import type { AccessClaims } from '@gatehouse/verifier';
import type { ClientRecord, SessionRecord, Store, UserRecord } from '../store/store';
import type { AccessTokenIssuer } from './access-token-issuer';
import type { AuditLog } from './audit';
import {
  checkAuthorizeRequest,
  type AuthorizeCheck,
  type AuthorizeParams,
  type AuthorizeRequest,
  type InvalidParam,
} from './authorize-request';
import type { ClientService } from './clients';
import type { Clock } from './clock';
import { AuthError } from './errors';
import type { IdTokenIssuer } from './id-tokens';
import { randomId, sha256b64u } from './random';
import { grantClientScope, grantUserScope } from './scopes';
import type { ClientContext, SessionService, TokenPair } from './sessions';

/** RFC 6749 §4.1.2: an authorization code lives at most a minute. */
export const CODE_TTL = 60;
/** RFC 7636 §4.1: 43–128 characters of the unreserved set. */
const CODE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

/** The token endpoint's answer (RFC 6749 §5.1, OIDC Core §3.1.3.3). */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
  refresh_token?: string;
  id_token?: string;
}

const hasScope = (scope: string, name: string): boolean => scope.split(' ').includes(name);

export interface AuthorizationServiceDeps {
  store: Store;
  clock: Clock;
  sessions: SessionService;
  clients: ClientService;
  issuer: AccessTokenIssuer;
  idTokens: IdTokenIssuer;
  audit: AuditLog;
}

/**
 * The OpenID Provider's grants on top of the hybrid sessions: authorization requests and codes
 * (PKCE S256 only), the token endpoint's three grants, and UserInfo. A browser login is one
 * Gatehouse session; every client that gets a code from it shares that session (`sid`) and gets a
 * refresh family of its own, bound to it. Revoking the session ends every client's tokens.
 */
export class AuthorizationService {
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly sessions: SessionService;
  private readonly clients: ClientService;
  private readonly issuer: AccessTokenIssuer;
  private readonly idTokens: IdTokenIssuer;
  private readonly audit: AuditLog;

  constructor(deps: AuthorizationServiceDeps) {
    ({
      store: this.store,
      clock: this.clock,
      sessions: this.sessions,
      clients: this.clients,
      issuer: this.issuer,
      idTokens: this.idTokens,
      audit: this.audit,
    } = deps);
  }

  /** An authorization request as the edge read it (`invalid`: the first parameter it could not read). */
  check(params: AuthorizeParams, invalid: InvalidParam | null = null): Promise<AuthorizeCheck> {
    return checkAuthorizeRequest(params, invalid, (id) => this.clients.get(id));
  }

  /**
   * Whether the browser's session answers the request without asking for a password:
   * `prompt=login` always asks, and `max_age` asks when the login is older than that.
   */
  sessionSatisfies(request: AuthorizeRequest, session: SessionRecord | null): session is SessionRecord {
    if (!session || request.prompt.has('login')) return false;
    return request.maxAge === null || this.clock.now() - session.createdAt <= request.maxAge;
  }

  /** A single-use code for the client, bound to its redirect URI, its PKCE challenge and the session. */
  async issueCode(request: AuthorizeRequest, session: SessionRecord): Promise<string> {
    const code = randomId(32);
    const now = this.clock.now();
    await this.store.putAuthorizationCode({
      codeHash: sha256b64u(code),
      clientId: request.client.id,
      sessionId: session.id,
      userId: session.userId,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      scope: request.scope,
      nonce: request.nonce,
      // the session's login: a session opened at the OpenID Provider starts at its password check
      authTime: session.createdAt,
      createdAt: now,
      expiresAt: now + CODE_TTL,
      usedAt: null,
    });
    return code;
  }

  /** RFC 6749 §4.1.3 with RFC 7636: the code, its redirect URI and its PKCE verifier, for the client it was issued to. */
  async redeemCode(
    client: ClientRecord,
    params: { code?: string; redirectUri?: string; codeVerifier?: string },
  ): Promise<TokenResponse> {
    this.requireGrant(client, 'authorization_code');
    if (!params.code) throw new AuthError('invalid_request', 'code is missing');
    const now = this.clock.now();
    const record = await this.store.consumeAuthorizationCode(sha256b64u(params.code), now);
    if (!record) throw new AuthError('invalid_grant', 'the authorization code is not valid');
    if (record.usedAt !== null) {
      // RFC 6749 §4.1.2: a code used twice was stolen or replayed; what it produced ends too
      await this.sessions.endSession(record.sessionId, 'authorization code used twice', `client:${client.id}`);
      await this.audit.record('authorization.code_replayed', `client:${client.id}`, record.sessionId, {
        clientId: record.clientId,
      });
      throw new AuthError(
        'invalid_grant',
        'the authorization code was already used; the tokens it produced are revoked',
      );
    }
    if (record.expiresAt <= now) throw new AuthError('invalid_grant', 'the authorization code has expired');
    if (record.clientId !== client.id)
      throw new AuthError('invalid_grant', 'the authorization code was issued to another client');
    if (params.redirectUri !== record.redirectUri)
      throw new AuthError('invalid_grant', 'redirect_uri does not match the authorization request');
    if (!params.codeVerifier || !CODE_VERIFIER.test(params.codeVerifier))
      throw new AuthError('invalid_grant', 'code_verifier is missing or malformed (43–128 characters)');
    if (createHash('sha256').update(params.codeVerifier, 'ascii').digest('base64url') !== record.codeChallenge)
      throw new AuthError('invalid_grant', 'code_verifier does not match the code_challenge');

    const [session, user] = await Promise.all([
      this.store.getSession(record.sessionId),
      this.store.getUserById(record.userId),
    ]);
    if (!session || session.status !== 'active' || !user)
      throw new AuthError('invalid_grant', 'the session this code came from has ended');
    const refreshToken = this.mayRefresh(client, record.scope)
      ? await this.sessions.startClientFamily(session, client.id, record.scope)
      : undefined;
    if (refreshToken === null) throw new AuthError('invalid_grant', 'the session this code came from has ended');
    // a started family has recorded the client in the session already, in its own write
    if (refreshToken === undefined) await this.store.addSessionClient(session.id, client.id, now);
    const access = await this.issuer.issue(user, session, {
      clientId: client.id,
      scope: record.scope,
      audience: client.audience,
    });
    await this.audit.record('token.issued', `client:${client.id}`, session.id, {
      grant: 'authorization_code',
      userId: user.id,
    });
    return {
      access_token: access.token,
      token_type: 'Bearer',
      expires_in: access.expiresIn,
      scope: record.scope,
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
      ...(hasScope(record.scope, 'openid')
        ? { id_token: this.idToken(user, session, client, access.token, record.authTime, record.nonce) }
        : {}),
    };
  }

  /** The refresh_token grant: the hybrid's rotation, bound to the presenting client. */
  async refresh(
    client: ClientRecord,
    refreshToken: string | undefined,
    context: ClientContext,
  ): Promise<TokenResponse> {
    this.requireGrant(client, 'refresh_token');
    if (!refreshToken) throw new AuthError('invalid_request', 'refresh_token is missing');
    const pair: TokenPair = await this.sessions.refresh(refreshToken, context, {
      id: client.id,
      audience: client.audience,
      narrowScope: (scope) => grantUserScope(client, scope),
    });
    return {
      access_token: pair.access.token,
      token_type: 'Bearer',
      expires_in: pair.access.expiresIn,
      scope: pair.scope,
      refresh_token: pair.refreshToken,
      ...(hasScope(pair.scope, 'openid')
        ? { id_token: this.idToken(pair.user, pair.session, client, pair.access.token, pair.session.createdAt, null) }
        : {}),
    };
  }

  /** RFC 6749 §4.4: a confidential client's token for itself, no user, no session, no refresh token. */
  async clientCredentials(client: ClientRecord, requestedScope: string | undefined): Promise<TokenResponse> {
    this.requireGrant(client, 'client_credentials');
    if (isPublic(client)) throw new AuthError('unauthorized_client', 'a public client cannot use client_credentials');
    const scope = grantClientScope(client, requestedScope);
    const access = this.issuer.issueForClient(client, scope);
    return { access_token: access.token, token_type: 'Bearer', expires_in: access.expiresIn, scope };
  }

  /**
   * OIDC Core §5.3: `sub`, the claims of the granted scopes, and the user's custom claims. Only a
   * user's token (it names a session) that was granted `openid` may ask.
   */
  async userinfo(claims: AccessClaims): Promise<Record<string, unknown>> {
    if (claims.sid === undefined || !hasScope(claims.scope ?? '', 'openid'))
      throw new AuthError('invalid_scope', 'UserInfo needs a user access token granted the openid scope');
    const user = await this.store.getUserById(claims.sub);
    if (!user) throw new AuthError('invalid_grant', 'the user no longer exists');
    return userinfoClaims(user, claims.scope ?? '');
  }

  private idToken(
    user: UserRecord,
    session: SessionRecord,
    client: ClientRecord,
    accessToken: string,
    authTime: number,
    nonce: string | null,
  ): string {
    return this.idTokens.issue({
      userId: user.id,
      sessionId: session.id,
      clientId: client.id,
      authTime,
      nonce,
      accessToken,
    });
  }

  /**
   * A refresh token goes to a client registered for the refresh_token grant that either asked for
   * offline_access or is confidential (it can keep a secret, so it can keep a refresh token).
   */
  private mayRefresh(client: ClientRecord, scope: string): boolean {
    return client.grantTypes.includes('refresh_token') && (hasScope(scope, 'offline_access') || !isPublic(client));
  }

  private requireGrant(client: ClientRecord, grant: ClientRecord['grantTypes'][number]): void {
    if (!client.grantTypes.includes(grant))
      throw new AuthError('unauthorized_client', `${client.name} is not registered for the ${grant} grant`);
  }
}

/** OIDC Core §5.4: the standard claims each scope stands for. */
const SCOPE_CLAIMS: Record<'profile' | 'email', readonly string[]> = {
  profile: [
    'name',
    'family_name',
    'given_name',
    'middle_name',
    'nickname',
    'preferred_username',
    'profile',
    'picture',
    'website',
    'gender',
    'birthdate',
    'zoneinfo',
    'locale',
    'updated_at',
  ],
  email: ['email', 'email_verified'],
};

/**
 * What UserInfo says of a user for a scope: `sub`; with `profile` the user's name (a custom `name`,
 * else the username) and `preferred_username`; with `email` a custom `email` and whether it is
 * verified; and every other custom claim. A standard claim is never served without its scope.
 */
export function userinfoClaims(user: UserRecord, scope: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(user.claims)) {
    const owner = (Object.keys(SCOPE_CLAIMS) as (keyof typeof SCOPE_CLAIMS)[]).find((s) =>
      SCOPE_CLAIMS[s].includes(name),
    );
    if (!owner || hasScope(scope, owner)) out[name] = value;
  }
  if (hasScope(scope, 'profile')) {
    out.preferred_username = user.username;
    out.name ??= user.username;
  }
  if (hasScope(scope, 'email') && typeof out.email === 'string') out.email_verified = out.email_verified === true;
  out.sub = user.id;
  return out;
}
