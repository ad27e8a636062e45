import { SignJWT } from 'jose';
import type { AuthSettings } from '../../shared/settings';
import { StoreUnavailableError, type SessionRecord, type Store, type UserRecord } from '../store/store';
import type { Clock } from './clock';
import type { KeyRing } from './key-ring';
import { randomId } from './random';

export interface IssuedAccessToken {
  token: string;
  jti: string;
  kid: string;
  expiresIn: number;
  expiresAt: number;
}

/** Mints RFC 9068 access tokens for a session with the ring's active key, and records them. */
export class AccessTokenIssuer {
  constructor(
    private readonly ring: KeyRing,
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly settings: () => AuthSettings,
  ) {}

  async issue(
    user: UserRecord,
    session: SessionRecord,
    extraClaims: Record<string, unknown> = {},
  ): Promise<IssuedAccessToken> {
    const s = this.settings();
    const { kid, alg, privateKey } = this.ring.signingKey();
    const iat = this.clock.now();
    // never outlive the session it names
    const exp = Math.min(iat + s.accessTokenTtl, session.absoluteExpiresAt);
    const jti = randomId(16);
    const token = await new SignJWT({ ...extraClaims, sid: session.id, ver: user.tokenVersion, roles: user.roles })
      .setProtectedHeader({ alg, typ: 'at+jwt', kid })
      .setIssuer(s.issuer)
      .setAudience(s.audience)
      .setSubject(user.id)
      .setJti(jti)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(privateKey);
    await this.record({ jti, sessionId: session.id, kid, issuedAt: iat, expiresAt: exp });
    return { token, jti, kid, expiresIn: exp - iat, expiresAt: exp };
  }

  /**
   * The issued-token log feeds the console (a session's tokens, a key's impact); it is written
   * after the grant committed, so an outage loses a log line, never the answer.
   */
  private async record(token: Parameters<Store['recordIssuedToken']>[0]): Promise<void> {
    try {
      await this.store.recordIssuedToken(token);
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) throw err;
      console.error(`issued-token record of ${token.jti} (session ${token.sessionId}) not stored: ${err.describe()}`);
    }
  }
}
