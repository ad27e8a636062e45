import type { AccessClaims } from '@gatehouse/verifier';
import type { SessionRecord, Store, UserRecord } from '../store/store';
import type { AccessTokenIssuer } from './access-token-issuer';
import type { AuditLog } from './audit';
import {
  checkAuthorizeRequest,
  type AuthorizeCheck,
  type AuthorizeParams,
  type AuthorizeRequest,
} from './authorize-request';
import type { ClientService } from './clients';
import type { Clock } from './clock';
import { AuthError } from './errors';
import { createGrantHandlers, type GrantHandlers } from './grants';
import { hasScope } from './grants/grant';
import type { IdTokenIssuer } from './id-tokens';
import { randomId, sha256b64u } from './random';
import type { RequestInput } from './request-input';
import type { SessionService } from './sessions';

/** RFC 6749 §4.1.2: an authorization code lives at most a minute. */
export const CODE_TTL = 60;

/**
 * The OpenID Provider's grants on top of the hybrid sessions: authorization requests and codes
 * (PKCE S256 only), the token endpoint's grants (`grants/`, one file each), and UserInfo. A browser login is one
 * Gatehouse session; every client that gets a code from it shares that session (`sid`) and gets a
 * refresh family of its own, bound to it. Revoking the session ends every client's tokens.
 */
export class AuthorizationService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly sessions: SessionService,
    private readonly clients: ClientService,
    private readonly issuer: AccessTokenIssuer,
    private readonly idTokens: IdTokenIssuer,
    private readonly audit: AuditLog,
  ) {}

  private handlers: GrantHandlers | undefined;

  /** The token endpoint's grants by `grant_type` (grants/index.ts), built on this service's store and issuers. */
  get grants(): GrantHandlers {
    const { store, clock, sessions, issuer, idTokens, audit } = this;
    return (this.handlers ??= createGrantHandlers({ store, clock, sessions, issuer, idTokens, audit }));
  }

  /** An authorization request as the edge read it (`invalid`: the first parameter it could not read). */
  check(input: RequestInput<AuthorizeParams>): Promise<AuthorizeCheck> {
    return checkAuthorizeRequest(input, (id) => this.clients.get(id));
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
