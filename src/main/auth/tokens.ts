import type { AuditLog } from './audit';
import type { Clock } from './clock';
import type { DenylistService } from './denylist-service';
import { parseRefreshToken } from './refresh-token';
import type { SessionService } from './sessions';
import type { AccessTokenVerifier } from './verify-access-token';

/** RFC 7662's answer for one token: `{ active: false }`, or what the token says. */
export type Introspection = { active: false } | ({ active: true; token_type: string } & Record<string, unknown>);

/**
 * Either kind of token, as RFC 7009 (revocation) and RFC 7662 (introspection) see them: an opaque
 * refresh token belongs to the session service, a JWT access token to the verifier and the
 * denylist. The HTTP routes only parse and answer.
 */
export class TokenService {
  constructor(
    private readonly sessions: SessionService,
    private readonly verifier: AccessTokenVerifier,
    private readonly denylist: DenylistService,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly tolerance: () => number,
  ) {}

  /**
   * RFC 7009: an access token's jti is denylisted; a refresh token ends its whole session, since
   * its access tokens came from the same grant. What was revoked, or null for a token that was not
   * (or no longer) valid, which the caller answers like a success.
   */
  async revoke(
    token: string,
    actor: string,
    reason = 'revoked by request',
  ): Promise<'access_token' | 'refresh_token' | null> {
    if (parseRefreshToken(token)) {
      const session = await this.sessions.sessionOfRefreshToken(token);
      if (!session) return null;
      await this.sessions.endSession(session.id, reason, actor);
      return 'refresh_token';
    }
    return (await this.denylistAccessToken(token, actor, reason)) ? 'access_token' : null;
  }

  /** Denylists a currently valid access token's jti until the token could no longer verify anyway. */
  async denylistAccessToken(token: string, actor: string, reason: string): Promise<boolean> {
    const result = await this.verifier.verify(token);
    if (!result.ok) return false;
    const now = this.clock.now();
    await this.denylist.add({
      kind: 'jti',
      subject: result.claims.jti,
      value: 0,
      reason,
      createdAt: now,
      pruneAfter: result.claims.exp + this.tolerance(),
    });
    await this.audit.record('token.denylisted', actor, result.claims.jti, {
      sid: result.claims.sid,
      sub: result.claims.sub,
      reason,
    });
    return true;
  }

  /** RFC 7662: what an active token says; anything else is `{ active: false }`, with no reason given. */
  async introspect(token: string): Promise<Introspection> {
    if (parseRefreshToken(token)) return this.sessions.introspectRefreshToken(token);
    const result = await this.verifier.verify(token);
    if (!result.ok) return { active: false };
    const c = result.claims;
    return {
      active: true,
      token_type: 'Bearer',
      scope: '',
      client_id: typeof c.client_id === 'string' ? c.client_id : undefined,
      sub: c.sub,
      sid: c.sid,
      jti: c.jti,
      iat: c.iat,
      exp: c.exp,
      nbf: c.nbf,
      iss: c.iss,
      aud: c.aud,
      ver: c.ver,
      kid: result.kid,
    };
  }
}
