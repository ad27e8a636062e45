import {
  createPipeline,
  jwtProfile,
  VERIFY_STEPS,
  type Rejection,
  type VerifyResult,
  type VerifyStep,
} from '@gatehouse/verifier/internal';
import type { TokenTypeName } from '../../shared/jwt-inspect';
import { ringKeys } from '../auth/verify-access-token';
import type { AdminServices } from './handlers/types';

/** The tokens Gatehouse issues to an app besides access tokens, and the `typ` each is signed with. */
const TYP_OF = { id_token: 'JWT', logout_token: 'logout+jwt' } as const;
export type ClientTokenKind = keyof typeof TYP_OF;

export const isClientTokenKind = (name: TokenTypeName | undefined): name is ClientTokenKind =>
  name === 'id_token' || name === 'logout_token';

const refuse = (step: VerifyStep, code: Rejection['code'], message: string): Rejection => ({
  ok: false,
  step,
  code,
  message,
});

/** Nothing revokes an ID token or a logout token (the session's state is shown beside them), so no revocation step. */
export const CLIENT_TOKEN_STEPS: readonly VerifyStep[] = VERIFY_STEPS.filter((s) => s !== 'revocation');

/**
 * The inspector's "verify against the ring" for an ID token or a logout token: the one pipeline
 * with the ring's keys and that kind's own `typ` (so an access token pasted as one still fails),
 * this deployment's issuer, and an audience that names a registered client (the app it was for).
 */
export async function verifyClientToken(
  { clients, settings, ring, clock }: Pick<AdminServices, 'clients' | 'settings' | 'ring' | 'clock'>,
  token: string,
  kind: ClientTokenKind,
  aud: unknown,
): Promise<VerifyResult<Record<string, unknown>>> {
  const named = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a) => typeof a === 'string') : [];
  const registered = new Set<string>();
  for (const id of named.slice(0, 8)) if (await clients.get(id)) registered.add(id);
  const issuer = settings.get().issuer;
  const tolerance = () => settings.get().clockTolerance;
  const any = jwtProfile({ tolerance, typ: [TYP_OF[kind]] });
  const pipeline = createPipeline<Record<string, unknown>>({
    keys: ringKeys(ring),
    profile: {
      header: any.header,
      claims(payload) {
        const checked = any.claims(payload);
        if (!('claims' in checked)) return checked;
        if (checked.claims.iss !== issuer) return refuse('issuer', 'iss_invalid', `iss must be ${issuer}`);
        const audiences = typeof checked.claims.aud === 'string' ? [checked.claims.aud] : checked.claims.aud;
        if (!Array.isArray(audiences) || !audiences.some((a) => registered.has(a as string)))
          return refuse('audience', 'aud_invalid', 'aud must name a registered client');
        return checked;
      },
      tolerance,
    },
    now: () => clock.now(),
    cacheSize: 0,
  });
  return pipeline.verify(token);
}
