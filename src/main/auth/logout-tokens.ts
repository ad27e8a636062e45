import type { AuthSettings } from '../../shared/settings';
import type { Clock } from './clock';
import { idTokenKey, signWith } from './id-tokens';
import type { KeyRing } from './key-ring';
import { randomId } from './random';

/** The event a logout token carries (OpenID Connect Back-Channel Logout 1.0 §2.4). */
export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
/** Seconds a logout token is valid: it is sent at once and read once (the spec recommends ≤ 2 min). */
export const LOGOUT_TOKEN_TTL = 120;

/**
 * Back-channel logout tokens: `typ: logout+jwt` (explicit typing, RFC 8725 §3.11, so no verifier
 * takes one for an id_token or an access token), signed like the client's id_tokens (its algorithm, RS256 by default); `iss sub aud iat
 * exp jti sid events`, never a `nonce`.
 */
export class LogoutTokenIssuer {
  constructor(
    private readonly ring: KeyRing,
    private readonly clock: Clock,
    private readonly settings: () => AuthSettings,
  ) {}

  issue(s: { userId: string; sessionId: string; clientId: string }, alg?: string): Promise<string> {
    const iat = this.clock.now();
    return signWith(
      idTokenKey(this.ring, alg),
      { typ: 'logout+jwt' },
      {
        iss: this.settings().issuer,
        sub: s.userId,
        aud: s.clientId,
        iat,
        exp: iat + LOGOUT_TOKEN_TTL,
        jti: randomId(16),
        sid: s.sessionId,
        events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
      },
    );
  }
}
