import { AuthError } from '../../auth/errors';
import { ADMIN, type AdminServices, type DomainHandlers } from './types';
import { toKeyView } from './views';

export function keyHandlers({ queries, ring }: Pick<AdminServices, 'queries' | 'ring'>): DomainHandlers<'keys'> {
  const view = (k: Parameters<typeof toKeyView>[1]) => toKeyView(ring, k);
  return {
    'keys.list': async () => ring.list().map(view),
    'keys.generate': async ({ alg }) => view(await ring.generate(alg, ADMIN)),
    'keys.import': async ({ alg, material }) => {
      const trimmed = material.trim();
      let parsed: string | Record<string, unknown> = trimmed;
      if (trimmed.startsWith('{')) {
        try {
          parsed = JSON.parse(trimmed) as Record<string, unknown>;
        } catch {
          throw new AuthError('key_import_failed', 'the JWK is not valid JSON');
        }
      }
      return view(await ring.import(parsed, alg, ADMIN));
    },
    'keys.rotate': async (request) => view(await ring.rotate(ADMIN, request?.kid)),
    'keys.retire': async ({ kid }) => view(await ring.retire(kid, ADMIN)),
    'keys.revoke': async ({ kid, reason }) => view(await ring.revoke(kid, ADMIN, reason || 'emergency revoke')),
    'keys.impact': async ({ kid }) => {
      const key = ring.get(kid);
      if (!key) throw new AuthError('not_found', `no key ${kid}`);
      const live = await queries.liveTokensOfKey(kid);
      return {
        kid,
        state: key.record.state,
        liveTokens: live.tokens,
        sessions: live.sessions,
        safeRetireAt: ring.safeRetireAt(key.record),
        safeRetireIfRotatedNow: key.record.state === 'active' ? ring.safeRetireIfRotatedNow() : null,
        promotesSuccessor: key.record.state === 'active',
      };
    },
    'keys.schedule': async ({ at, kid }) => view(await ring.schedule(at, ADMIN, kid)),
    'keys.jwks': async () => ring.jwks(),
  };
}
