import type { Profile } from './pipeline.js';
import {
  checkAccessClaims,
  checkAnyClaims,
  checkRevocation,
  reject,
  type AccessClaims,
  type ClaimRules,
  type RevocationView,
} from './rules.js';

/** RFC 8725 §3.11 + RFC 9068 §2.1: only these header members; `jwk`, `jku`, `x5u`, `crit`… are refused. */
const ACCESS_HEADER = new Set(['alg', 'typ', 'kid']);
const ACCESS_TYP = new Set(['at+jwt', 'application/at+jwt']);

/**
 * A Gatehouse access token (RFC 9068 `at+jwt`, claims `iss aud sub sid jti iat exp ver`), checked
 * against rules read on every verification (settings may change), and against the denylist when
 * one is given.
 */
export function accessTokenProfile(o: {
  rules: () => ClaimRules;
  tolerance: () => number;
  revocations?: RevocationView;
}): Profile<AccessClaims> {
  const revocations = o.revocations;
  return {
    header: { members: ACCESS_HEADER, typ: ACCESS_TYP },
    claims: (payload) => checkAccessClaims(payload, o.rules()),
    tolerance: o.tolerance,
    revocation: revocations && ((claims) => checkRevocation(claims, revocations)),
  };
}

/**
 * Any signed JWT: what the inspector checks against a pasted key (header members other than
 * `crit` allowed, `typ` not required), or a profile of other tokens with a `typ` and an audience.
 */
export function jwtProfile(
  o: { tolerance: () => number; typ?: string[]; audience?: string } = { tolerance: () => 0 },
): Profile<Record<string, unknown>> {
  return {
    header: { typ: o.typ && new Set(o.typ.map((t) => t.toLowerCase())) },
    claims(payload) {
      const checked = checkAnyClaims(payload);
      if (!('claims' in checked) || o.audience === undefined) return checked;
      const aud = checked.claims.aud;
      const ok = typeof aud === 'string' ? aud === o.audience : Array.isArray(aud) && aud.includes(o.audience);
      return ok ? checked : reject('audience', 'aud_invalid', `audience must include ${o.audience}`);
    },
    tolerance: o.tolerance,
  };
}
