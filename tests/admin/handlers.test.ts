/**
 * The admin handlers are composed from the services and the query port they name, not from a
 * Gatehouse: a handler run against fakes reads only through `queries` and answers from what the
 * fakes said. (The AdminService tests elsewhere run the same handlers on a real Gatehouse.)
 */
import { describe, expect, it } from 'vitest';
import { adminServicesOf, createAdminHandlers, type AdminServices } from '../../src/main/admin/admin-service';
import type { AdminQueries, SessionHistory } from '../../src/main/admin/queries';
import { AuthError } from '../../src/main/auth/errors';
import type { AuditRecord } from '../../src/main/store/store';
import { makeSession, makeToken, makeUser, stored, T0 } from '../store/contract-fixtures';
import { openTestGatehouse } from '../support/gatehouse-fixture';

const unused = (name: string) => () => {
  throw new Error(`the handler under test used ${name}`);
};

/** A query port whose every read fails unless the test answers it. */
function fakeQueries(answers: Partial<AdminQueries>): AdminQueries {
  const names: (keyof AdminQueries)[] = [
    'listSessions',
    'getSession',
    'getSessions',
    'sessionHistory',
    'sessionClients',
    'getUser',
    'listUsers',
    'usernames',
    'issuedTokens',
    'listAudit',
    'clientUsage',
    'liveTokensOfKey',
  ];
  const reads = Object.fromEntries(names.map((n) => [n, unused(`queries.${n}`)]));
  return { storeKind: 'redis', ...reads, ...answers } as AdminQueries;
}

/** Services that throw on any use but the ones a test gives. */
function fakeServices(over: Partial<AdminServices>): AdminServices {
  const service = (name: string) => new Proxy({}, { get: (_t, prop) => unused(`${name}.${String(prop)}`) });
  const base = Object.fromEntries(
    [
      'clock',
      'audit',
      'settings',
      'denylist',
      'ring',
      'sessions',
      'users',
      'clients',
      'tokens',
      'anyAudienceVerifier',
    ].map((n) => [n, service(n)]),
  );
  return { ...base, queries: fakeQueries({}), tick: unused('tick'), ...over } as AdminServices;
}

const instance = { authUrl: () => 'http://127.0.0.1:1', mode: 'headless', version: 'test' } as const;

describe('admin handlers on their own services', () => {
  it("draws a session's detail from the query port's history, naming apps from the registry", async () => {
    const user = makeUser({ username: 'erin' });
    const session = makeSession(user.id);
    const token = stored(makeToken(session.id, { clientId: 'rp-a' }));
    const event: AuditRecord = {
      id: 7,
      at: T0,
      type: 'session.created',
      actor: user.id,
      subject: session.id,
      detail: {},
    };
    const history: SessionHistory = {
      session,
      family: [token],
      issuedTokens: [{ jti: 'j1', sessionId: session.id, kid: 'k1', issuedAt: T0, expiresAt: T0 + 60 }],
      events: [event],
      clients: [
        { sessionId: session.id, clientId: 'rp-a', firstAt: T0 },
        { sessionId: session.id, clientId: 'rp-gone', firstAt: T0 + 1 },
      ],
      deliveries: [],
    };
    const handlers = createAdminHandlers(
      fakeServices({
        queries: fakeQueries({
          sessionHistory: async (id) => (id === session.id ? history : null),
          getUser: async () => user,
        }),
        clients: { list: async () => [{ id: 'rp-a', name: 'App A' }] } as unknown as AdminServices['clients'],
        denylist: { entries: { isJtiRevoked: (jti: string) => jti === 'j1' } } as unknown as AdminServices['denylist'],
      }),
      instance,
    );

    const detail = await handlers['sessions.get']({ sessionId: session.id });
    expect(detail.session).toMatchObject({ id: session.id, username: 'erin' });
    expect(detail.session.clients).toEqual([
      { clientId: 'rp-a', name: 'App A', firstAt: T0 },
      { clientId: 'rp-gone', name: 'rp-gone', firstAt: T0 + 1 },
    ]);
    expect(detail.family).toEqual([expect.objectContaining({ id: token.id, clientId: 'rp-a' })]);
    expect(detail.accessTokens).toEqual([expect.objectContaining({ jti: 'j1', denylisted: true })]);
    expect(detail.events).toEqual([event]);

    await expect(handlers['sessions.get']({ sessionId: 'no-such-session' })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(handlers['sessions.get']({ sessionId: 'no-such-session' })).rejects.toBeInstanceOf(AuthError);
  });

  it("reports the store the query port names, and a key's live tokens from it", async () => {
    const record = { kid: 'k1', state: 'retiring' };
    const handlers = createAdminHandlers(
      fakeServices({
        queries: fakeQueries({ liveTokensOfKey: async (kid) => ({ tokens: kid === 'k1' ? 3 : 0, sessions: 2 }) }),
        settings: { get: () => ({ issuer: 'https://id.example' }) } as unknown as AdminServices['settings'],
        ring: {
          get: (kid: string) => (kid === 'k1' ? { record } : undefined),
          safeRetireAt: () => T0 + 90,
        } as unknown as AdminServices['ring'],
      }),
      instance,
    );
    expect(await handlers['system.info'](undefined as never)).toMatchObject({
      store: 'redis',
      issuer: 'https://id.example',
      instance: 'live',
    });
    expect(await handlers['keys.impact']({ kid: 'k1' })).toMatchObject({
      kid: 'k1',
      liveTokens: 3,
      sessions: 2,
      safeRetireAt: T0 + 90,
      promotesSuccessor: false,
    });
  });
});

describe('adminServicesOf', () => {
  it("hands the handlers a Gatehouse's own services, and queries over its store and clock", async () => {
    const fx = await openTestGatehouse();
    try {
      const g = fx.gatehouse;
      const s = adminServicesOf(g);
      expect([s.sessions, s.users, s.clients, s.tokens, s.denylist, s.ring, s.settings, s.audit, s.clock]).toEqual([
        g.sessions,
        g.users,
        g.clients,
        g.tokens,
        g.denylist,
        g.ring,
        g.settings,
        g.audit,
        g.clock,
      ]);
      expect(s.anyAudienceVerifier).toBe(g.anyAudienceVerifier);
      expect(s.queries.storeKind).toBe(g.store.kind);
    } finally {
      await fx.close();
    }
  });
});
