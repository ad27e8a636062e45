import type { ClientRecord } from '../store/store';
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
   * the session is the grant all its tokens came from. `client`: the client asking, which may
   * revoke only tokens issued to it (tokens of Gatehouse's own login API belong to no client, and
   * any confidential client may revoke them); null for Gatehouse itself. What was revoked, null
   * for a token that was not (or no longer) valid, which the caller answers like a success, or
   * `not_yours`.
   */
  async revoke(
    token: string,
    client: ClientRecord | null,
    reason = 'revoked by request',
  ): Promise<'access_token' | 'refresh_token' | 'not_yours' | null> {
    const actor = client ? `client:${client.id}` : 'anonymous';
    const mine = (owner: string | null | undefined) =>
      !client || owner === null || owner === undefined || owner === client.id;
    if (parseRefreshToken(token)) {
      const found = await this.sessions.findRefreshToken(token);
      if (!found) return null;
      if (!mine(found.record.clientId)) return 'not_yours';
      await this.sessions.endSession(found.session.id, reason, actor);
      return 'refresh_token';
    }
    const result = await this.verifier.verify(token);
    if (!result.ok) return null;
    if (!mine(result.claims.client_id)) return 'not_yours';
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
      scope: c.scope ?? '',
      client_id: c.client_id,
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
