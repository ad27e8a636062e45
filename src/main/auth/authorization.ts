import type { SessionRecord, Store } from '../store/store';
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
import { createGrantHandlers, type GrantHandlers } from './grants';
import type { IdTokenIssuer } from './id-tokens';
import { randomId, sha256b64u } from './random';
import { userinfoClaims } from './userinfo';
import { claimsAskedIn } from './claims-request';
import { AuthError } from './errors';
import type { RequestInput } from './request-input';
import type { SessionService } from './sessions';

/** RFC 6749 §4.1.2: an authorization code lives at most a minute. */
export const CODE_TTL = 60;

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
 * (PKCE S256 only) and the token endpoint's grants (`grants/`, one file each). A browser login is one
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

  /**
   * The authorization response's parameters for a request the session answers: a code, or for
   * response_type=id_token the id_token itself (OIDC Core §3.2.2.5) in the client's algorithm, the
   * client recorded in the session as a redemption records it (so a logout reaches it).
   */
  async respond(request: AuthorizeRequest, session: SessionRecord): Promise<Record<string, string>> {
    if (request.responseType === 'code') return { code: await this.issueCode(request, session) };
    const now = this.clock.now();
    const user = await this.store.getUserById(session.userId);
    if (!user) throw new AuthError('login_required', 'the user of this session no longer exists');
    await this.store.addSessionClient(session.id, request.client.id, now);
    const id_token = await this.idTokens.issue(
      {
        userId: session.userId,
        sessionId: session.id,
        clientId: request.client.id,
        authTime: session.createdAt,
        nonce: request.nonce,
        // no access token, so no UserInfo call: the scope's claims go in the id_token (OIDC Core §5.4)
        claims: userinfoClaims(user, request.scope, claimsAskedIn(request.claims, 'id_token')),
      },
      // the client's id_token_signed_response_alg, as at the token endpoint (grants/grant.ts)
      request.client.idTokenSignedResponseAlg,
    );
    await this.audit.record('token.issued', `client:${request.client.id}`, session.id, {
      grant: 'id_token',
      userId: session.userId,
    });
    return { id_token };
  }

  /**
   * A single-use code for the client, bound to its redirect URI, its PKCE challenge (null for a
   * client with `requirePkce` off that sent none: the token endpoint then refuses any verifier) and the session.
   */
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
      claims: request.claims === null ? null : JSON.stringify(request.claims),
      // the session's login: a session opened at the OpenID Provider starts at its password check
      authTime: session.createdAt,
      createdAt: now,
      expiresAt: now + CODE_TTL,
      usedAt: null,
    });
    return code;
  }
}
