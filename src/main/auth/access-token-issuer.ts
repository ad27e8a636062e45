import { signJws } from '@gatehouse/verifier/internal';
import type { AuthSettings } from '../../shared/settings';
import {
  StoreUnavailableError,
  type ClientRecord,
  type SessionRecord,
  type Store,
  type UserRecord,
} from '../store/store';
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

/** The access token's private claim naming what its UserInfo call may also say (claims-request.ts). */
export const USERINFO_CLAIMS = 'userinfo_claims';

/** Who a user's token is for: the client it was issued to (none: Gatehouse's own login API) and what it may do. */
export interface Grant {
  clientId?: string;
  scope?: string;
  /** `aud` of the token; the deployment's audience setting by default. */
  audience?: string | null;
  /** The claims the authorization request asked of UserInfo (OIDC Core §5.5), which UserInfo reads from the token. */
  userinfoClaims?: readonly string[];
}

/**
 * Mints RFC 9068 access tokens with the ring's active key: a user's, naming their session, and a
 * client's own (client_credentials), naming none. A user's token is recorded for the console.
 */
export class AccessTokenIssuer {
  constructor(
    private readonly ring: KeyRing,
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly settings: () => AuthSettings,
  ) {}

  async issue(user: UserRecord, session: SessionRecord, grant: Grant = {}): Promise<IssuedAccessToken> {
    const iat = this.clock.now();
    // never outlive the session it names
    const exp = Math.min(iat + this.settings().accessTokenTtl, session.absoluteExpiresAt);
    const issued = this.sign(
      { sub: user.id, sid: session.id, ver: user.tokenVersion, roles: user.roles },
      grant,
      iat,
      exp,
    );
    await this.record({ jti: issued.jti, sessionId: session.id, kid: issued.kid, issuedAt: iat, expiresAt: exp });
    return issued;
  }

  /** A client's own token: `sub` and `client_id` are the client, `ver` its token version, no session. */
  issueForClient(client: ClientRecord, scope: string): IssuedAccessToken {
    const iat = this.clock.now();
    return this.sign(
      { sub: client.id, ver: client.tokenVersion },
      { clientId: client.id, scope, audience: client.audience },
      iat,
      iat + this.settings().accessTokenTtl,
    );
  }

  private sign(claims: Record<string, unknown>, grant: Grant, iat: number, exp: number): IssuedAccessToken {
    const s = this.settings();
    const { kid, alg, privateKey } = this.ring.signingKey();
    const jti = randomId(16);
    const payload = {
      iss: s.issuer,
      aud: grant.audience ?? s.audience,
      ...claims,
      ...(grant.clientId === undefined ? {} : { client_id: grant.clientId }),
      ...(grant.scope === undefined ? {} : { scope: grant.scope }),
      ...(grant.userinfoClaims?.length ? { [USERINFO_CLAIMS]: grant.userinfoClaims } : {}),
      jti,
      iat,
      exp,
    };
    const token = signJws(alg, privateKey, { typ: 'at+jwt', kid }, payload);
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
