import { AuthError } from '../../auth/errors';
import { ADMIN, type AdminContext, type DomainHandlers } from './types';
import { toKeyView } from './views';

export function keyHandlers({ gatehouse: g }: AdminContext): DomainHandlers<'keys'> {
  const view = (k: Parameters<typeof toKeyView>[1]) => toKeyView(g, k);
  return {
    'keys.list': async () => g.ring.list().map(view),
    'keys.generate': async ({ alg }) => view(await g.ring.generate(alg, ADMIN)),
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
      return view(await g.ring.import(parsed, alg, ADMIN));
    },
    'keys.rotate': async (request) => view(await g.ring.rotate(ADMIN, request?.kid)),
    'keys.retire': async ({ kid }) => view(await g.ring.retire(kid, ADMIN)),
    'keys.revoke': async ({ kid, reason }) => view(await g.ring.revoke(kid, ADMIN, reason || 'emergency revoke')),
    'keys.impact': async ({ kid }) => {
      const key = g.ring.get(kid);
      if (!key) throw new AuthError('not_found', `no key ${kid}`);
      const live = await g.store.countLiveTokensByKid(kid, g.clock.now());
      return {
        kid,
        state: key.record.state,
        liveTokens: live.tokens,
        sessions: live.sessions,
        safeRetireAt: g.ring.safeRetireAt(key.record),
        safeRetireIfRotatedNow: key.record.state === 'active' ? g.ring.safeRetireIfRotatedNow() : null,
        promotesSuccessor: key.record.state === 'active',
      };
    },
    'keys.schedule': async ({ at, kid }) => view(await g.ring.schedule(at, ADMIN, kid)),
    'keys.jwks': async () => g.ring.jwks(),
  };
}
