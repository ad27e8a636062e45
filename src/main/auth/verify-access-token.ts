import {
  accessTokenProfile,
  createPipeline,
  type AccessClaims,
  type Denylist,
  type KeySource,
  type Pipeline,
  type VerifyResult as Result,
} from '@gatehouse/verifier/internal';
import type { AuthSettings } from '../../shared/settings';
import type { Clock } from './clock';
import type { KeyRing, KeyUse } from './key-ring';

export type { AccessClaims } from '@gatehouse/verifier/internal';
export type VerifyResult = Result<AccessClaims>;
export type AccessTokenVerifier = Pipeline<AccessClaims>;

/**
 * The ring as a key source: each key bound to its one algorithm; a revoked or retired key refuses
 * at once. `use` narrows the algorithms to the keys that sign that kind of token.
 */
export function ringKeys(ring: KeyRing, use?: KeyUse): KeySource {
  return {
    algorithms: () => ring.verifyingAlgs(use),
    lookup(kid) {
      const key = kid === undefined ? undefined : ring.get(kid);
      return key ? { kid: key.record.kid, alg: key.record.alg, key: key.publicKey } : null;
    },
    withdrawn(kid) {
      const state = ring.get(kid)?.record.state;
      if (state === 'revoked' || state === undefined) return { code: 'key_revoked', message: `key ${kid} was revoked` };
      if (state === 'retired') return { code: 'key_retired', message: `key ${kid} is retired` };
      return null;
    },
  };
}

/**
 * The access-token check of `/api/me`, introspection, the inspector and the demo lab: the
 * verifier package's pipeline over the ring, the settings' rules and the in-memory denylist.
 * No store read anywhere on this path.
 */
export function createAccessTokenVerifier(
  ring: KeyRing,
  denylist: Denylist,
  clock: Clock,
  settings: () => AuthSettings,
  /** False while revocations made by other instances could be missed (fail closed). */
  revocationsCurrent: () => boolean = () => true,
  /** 'any': the issuer's own endpoints (introspection, UserInfo) accept every audience it issues for. */
  audience: 'settings' | 'any' = 'settings',
): AccessTokenVerifier {
  const anyAudience = () => ({ ...settings(), audience: null });
  return createPipeline<AccessClaims>({
    keys: ringKeys(ring, 'access'),
    profile: accessTokenProfile({
      rules: audience === 'any' ? anyAudience : settings,
      tolerance: () => settings().clockTolerance,
      revocations: {
        current: revocationsCurrent,
        isJtiRevoked: denylist.isJtiRevoked,
        isSessionRevoked: denylist.isSessionRevoked,
        minVersion: denylist.minVersion,
        minClientVersion: denylist.minClientVersion,
      },
    }),
    now: () => clock.now(),
    cacheSize: settings().tokenCacheSize,
  });
}
