import { MAX_TOKEN_LENGTH } from '../../shared/jwt-format';
import type { AuthSettings } from '../../shared/settings';
import type { TokenErrorCode } from '../../shared/token-errors';
import { checkClaims, checkHeader, checkRevocation, checkTimes, parseStrict, reject, type AccessClaims, type RevocationView } from './access-token-rules';
import type { Clock } from './clock';
import { verifyJwsSignature } from './jws-signature';
import type { KeyRing } from './key-ring';
import type { Denylist } from './denylist';
import { VerifiedTokenCache } from './token-cache';

export type { AccessClaims } from './access-token-rules';

export type VerifyResult =
  | { ok: true; claims: AccessClaims; kid: string; alg: string; cached: boolean }
  | { ok: false; code: TokenErrorCode; message: string };

interface Verified {
  claims: AccessClaims;
  kid: string;
  alg: string;
}

/**
 * The one access-token check used by `/api/me`, introspection, the inspector and the demo lab.
 * Signature and claims first (skipped for a token verified before), then time, key state and the
 * in-memory revocation sets on every call. No store read anywhere on this path.
 */
export class AccessTokenVerifier {
  private readonly cache: VerifiedTokenCache<Verified>;
  private readonly view: RevocationView;

  constructor(
    private readonly ring: KeyRing,
    denylist: Denylist,
    private readonly clock: Clock,
    private readonly settings: () => AuthSettings,
    /** False while revocations made by other instances could be missed (fail closed). */
    revocationsCurrent: () => boolean = () => true,
  ) {
    this.cache = new VerifiedTokenCache(settings().tokenCacheSize);
    this.view = {
      current: revocationsCurrent,
      isJtiRevoked: denylist.isJtiRevoked,
      isSessionRevoked: denylist.isSessionRevoked,
      minVersion: denylist.minVersion,
    };
  }

  /** Called when settings change: the cache size, or issuer/audience/lifetime rules the cached entries passed. */
  resetCache(): void {
    this.cache.clear();
    this.cache.resize(this.settings().tokenCacheSize);
  }

  async verify(token: unknown): Promise<VerifyResult> {
    const cached = this.verifyCached(token);
    if (cached) return cached;
    const verified = await this.verifyStatic(token);
    if (!('claims' in verified)) return verified;
    this.cache.set(token as string, verified);
    return this.checkLive(verified, false);
  }

  /**
   * The verdict for a token whose signature was verified before, synchronously: the hot path of a
   * repeated request needs no await. Undefined when the token is not in the cache.
   */
  verifyCached(token: unknown): VerifyResult | undefined {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return undefined;
    const hit = this.cache.get(token);
    return hit && this.checkLive(hit, true);
  }

  /** Format, header, key, signature and claims: what does not change while the token lives. */
  private async verifyStatic(token: unknown): Promise<Verified | Extract<VerifyResult, { ok: false }>> {
    const parts = parseStrict(token);
    if ('ok' in parts) return parts;
    const head = checkHeader(parts.header, this.ring.verifyingAlgs());
    if ('ok' in head) return head;
    const { alg, kid } = head;
    const key = this.ring.get(kid);
    if (!key) return { ok: false, code: 'kid_unknown', message: `no key ${JSON.stringify(kid.slice(0, 64))} in the ring` };
    if (key.record.alg !== alg) return { ok: false, code: 'alg_not_allowed', message: `key ${kid} is bound to ${key.record.alg}, not ${alg}` };
    if (key.record.state === 'revoked') return { ok: false, code: 'key_revoked', message: `key ${kid} was revoked` };
    if (key.record.state === 'retired') return { ok: false, code: 'key_retired', message: `key ${kid} is retired` };
    if (!(await verifyJwsSignature(token as string, key.record.alg, key.publicKey)))
      return { ok: false, code: 'signature_invalid', message: 'the signature does not verify' };
    const checked = checkClaims(parts.payloadSegment, this.settings());
    return 'claims' in checked ? { claims: checked.claims, kid, alg } : checked;
  }

  /** Time, key state and revocation: checked on every call, cached or not. */
  private checkLive({ claims, kid, alg }: Verified, cached: boolean): VerifyResult {
    const late = checkTimes(claims, this.clock.now(), this.settings().clockTolerance);
    if (late) return late;
    const state = this.ring.get(kid)?.record.state;
    if (state === 'revoked' || state === undefined) return reject('key_revoked', `key ${kid} was revoked`);
    if (state === 'retired') return reject('key_retired', `key ${kid} is retired`);
    return checkRevocation(claims, this.view) ?? { ok: true, claims, kid, alg, cached };
  }
}
