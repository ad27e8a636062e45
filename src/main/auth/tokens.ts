import type { ClientRecord, DenylistEntry, Store } from '../store/store';
import type { AuditLog } from './audit';
import type { Clock } from './clock';
import type { DenylistService } from './denylist-service';
import { AuthError } from './errors';
import { parseRefreshToken } from './refresh-token';
import type { SessionService } from './sessions';
import type { AccessTokenVerifier } from './verify-access-token';

/** RFC 7662's answer for one token: `{ active: false }`, or what the token says. */
export type Introspection = { active: false } | ({ active: true; token_type: string } & Record<string, unknown>);

export interface TokenServiceDeps {
  sessions: SessionService;
  verifier: AccessTokenVerifier;
  denylist: DenylistService;
  audit: AuditLog;
  clock: Clock;
  tolerance: () => number;
  store: Store;
  /** Longest a token signed now can stay acceptable: the lifetime cap plus clock tolerance. */
  tokenHorizon: () => number;
}

/**
 * Either kind of token, as RFC 7009 (revocation) and RFC 7662 (introspection) see them: an opaque
 * refresh token belongs to the session service, a JWT access token to the verifier and the
 * denylist. The HTTP routes only parse and answer.
 */
export class TokenService {
  private readonly sessions: SessionService;
  private readonly verifier: AccessTokenVerifier;
  private readonly denylist: DenylistService;
  private readonly audit: AuditLog;
  private readonly clock: Clock;
  private readonly tolerance: () => number;
  private readonly store: Store;
  private readonly tokenHorizon: () => number;

  constructor(deps: TokenServiceDeps) {
    ({
      sessions: this.sessions,
      verifier: this.verifier,
      denylist: this.denylist,
      audit: this.audit,
      clock: this.clock,
      tolerance: this.tolerance,
      store: this.store,
      tokenHorizon: this.tokenHorizon,
    } = deps);
  }

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

  /**
   * Denylists a jti without its token (an admin may hold only the id: a log line, an app's report).
   * The entry must outlive every token that could carry the jti, and the token's `exp` is not at
   * hand, so it is taken, in this order, from the issued-token log (it knows the tokens of
   * sessions while they can still verify), from `expiresAt` if the caller gives it, or else from
   * the token horizon: no token accepted now can be accepted after now + max access-token lifetime
   * + tolerance (the verifier refuses a longer lifetime). A given `expiresAt` is capped at that
   * horizon. A jti already denylisted is a conflict; one whose token has expired is refused.
   */
  async denylistJti(jti: string, expiresAt: number | undefined, actor: string, reason: string): Promise<DenylistEntry> {
    const now = this.clock.now();
    const [[logged], existing] = await Promise.all([this.store.getIssuedTokens([jti]), this.denylist.get('jti', jti)]);
    if (existing)
      throw new AuthError('conflict', `jti ${jti} is already denylisted (until ${isoTime(existing.pruneAfter)})`);
    const horizon = now + this.tokenHorizon();
    const expiry = logged?.expiresAt ?? expiresAt;
    const pruneAfter = expiry === undefined ? horizon : Math.min(expiry + this.tolerance(), horizon);
    if (pruneAfter <= now)
      throw new AuthError(
        'invalid_state',
        `the token with jti ${jti} expired at ${isoTime(expiry!)}: it is refused already, nothing to denylist`,
      );
    const entry: DenylistEntry = { kind: 'jti', subject: jti, value: 0, reason, createdAt: now, pruneAfter };
    const session = logged ? await this.store.getSession(logged.sessionId) : null;
    await this.denylist.add(entry);
    await this.audit.record('token.denylisted', actor, jti, {
      ...(logged ? { sid: logged.sessionId } : {}),
      ...(session ? { sub: session.userId } : {}),
      reason,
      // where the entry's lifetime came from: the token's own expiry, the caller's, or the horizon
      until: logged ? 'token expiry (issued-token log)' : expiresAt !== undefined ? 'given expiry' : 'token horizon',
    });
    return entry;
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

const isoTime = (at: number) => new Date(at * 1000).toISOString().replace('.000Z', 'Z');
