import { describe, expect, it, vi } from 'vitest';
import type { AccessTokenIssuer } from '../../src/main/auth/access-token-issuer';
import type { AuditLog } from '../../src/main/auth/audit';
import { FixedClock } from '../../src/main/auth/clock';
import { createGrantHandlers, grantHandlerFor, type GrantDeps } from '../../src/main/auth/grants';
import type { IdTokenIssuer } from '../../src/main/auth/id-tokens';
import type { SessionService } from '../../src/main/auth/sessions';
import type { AuthorizationCodeRecord, Store, UserRecord } from '../../src/main/store/store';
import { GRANT_TYPES } from '../../src/shared/clients';
import { makeClient, makeCode, makeSession, makeUser, T0 } from '../store/contract-fixtures';

const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'; // RFC 7636 Appendix B: makeCode's challenge
const CONTEXT = { ip: '203.0.113.7', userAgent: 'vitest' };
const user = makeUser({ id: 'u1' });
const session = makeSession(user.id);
const web = makeClient({ id: 'web', grantTypes: ['authorization_code', 'refresh_token'] });
const machine = makeClient({ id: 'machine', grantTypes: ['client_credentials'], scopes: ['orders:read'] });

/** A store that fails the test if touched: a refused grant reads and writes nothing. */
const untouchable = new Proxy({} as Store, {
  get: (_target, name) => {
    throw new Error(`store.${String(name)} was called`);
  },
});

function deps(code: AuthorizationCodeRecord | null = null, store: Store = untouchable, owner: UserRecord = user) {
  const fakes = {
    store,
    clock: new FixedClock(T0),
    sessions: {
      startClientFamily: vi.fn(async () => 'family.refresh'),
      endSession: vi.fn(async () => null),
      refresh: vi.fn(async () => ({
        access: { token: 'rotated.access', expiresIn: 60 },
        refreshToken: 'rotated.refresh',
        session,
        user: owner,
        scope: 'openid offline_access',
      })),
    },
    issuer: {
      issue: vi.fn(async () => ({ token: 'user.access', expiresIn: 60 })),
      issueForClient: vi.fn(() => ({ token: 'client.access', expiresIn: 60 })),
    },
    idTokens: { issue: vi.fn(() => 'the.id.token') },
    audit: { record: vi.fn(async () => {}) },
  };
  const codes = code ? [code] : [];
  const storeWithCode = {
    consumeAuthorizationCode: vi.fn(async () => codes[0] ?? null),
    getSession: async () => session,
    getUserById: async () => owner,
    addSessionClient: vi.fn(async () => {}),
  };
  if (code) fakes.store = storeWithCode as unknown as Store;
  const grantDeps = fakes as unknown as GrantDeps & {
    sessions: SessionService;
    issuer: AccessTokenIssuer;
    idTokens: IdTokenIssuer;
    audit: AuditLog;
  };
  return { grants: createGrantHandlers(grantDeps), fakes, storeWithCode };
}

describe('the grant map', () => {
  it('has a handler for every grant a client can register for, and nothing else', () => {
    expect(Object.keys(deps().grants).sort()).toEqual([...GRANT_TYPES].sort());
  });

  it.each(['password', 'implicit', '__proto__', 'toString', 'constructor', 'hasOwnProperty'])(
    'knows no grant_type %s (own keys only)',
    (name) => expect(grantHandlerFor(deps().grants, name)).toBeNull(),
  );

  it.each(GRANT_TYPES)('%s refuses a client not registered for it, touching no store', async (grant) => {
    const client = makeClient({ grantTypes: GRANT_TYPES.filter((g) => g !== grant) });
    const handler = grantHandlerFor(deps().grants, grant)!;
    await expect(handler({ client, params: {}, context: CONTEXT })).rejects.toMatchObject({
      code: 'unauthorized_client',
    });
  });
});

describe('client_credentials', () => {
  it('refuses a public client', async () => {
    const client = makeClient({
      type: 'public',
      secretHash: null,
      tokenEndpointAuthMethod: 'none',
      grantTypes: ['client_credentials'],
    });
    await expect(deps().grants.client_credentials({ client, params: {}, context: CONTEXT })).rejects.toMatchObject({
      code: 'unauthorized_client',
    });
  });

  it('issues the client its own token for the scope it may have', async () => {
    const { grants, fakes } = deps();
    const answer = await grants.client_credentials({
      client: machine,
      params: { scope: 'orders:read' },
      context: CONTEXT,
    });
    expect(fakes.issuer.issueForClient).toHaveBeenCalledWith(machine, 'orders:read');
    expect(answer).toEqual({
      access_token: 'client.access',
      token_type: 'Bearer',
      expires_in: 60,
      scope: 'orders:read',
    });
  });
});

describe('authorization_code', () => {
  it('a missing code is invalid_request, an unknown one invalid_grant', async () => {
    await expect(deps().grants.authorization_code({ client: web, params: {}, context: CONTEXT })).rejects.toMatchObject(
      { code: 'invalid_request', message: 'code is missing' },
    );
    const { grants } = deps(null, { consumeAuthorizationCode: async () => null } as unknown as Store);
    await expect(
      grants.authorization_code({ client: web, params: { code: 'x' }, context: CONTEXT }),
    ).rejects.toMatchObject({ code: 'invalid_grant', message: 'the authorization code is not valid' });
  });

  it('a code used twice ends the session it came from', async () => {
    const { grants, fakes } = deps(makeCode(session, web.id, { usedAt: T0 }));
    const params = { code: 'c', redirect_uri: 'https://rp.example/callback', code_verifier: VERIFIER };
    await expect(grants.authorization_code({ client: web, params, context: CONTEXT })).rejects.toMatchObject({
      code: 'invalid_grant',
    });
    expect(fakes.sessions.endSession).toHaveBeenCalledWith(session.id, 'authorization code used twice', 'client:web');
  });

  it('a wrong PKCE verifier is invalid_grant, and nothing is issued', async () => {
    const { grants, fakes } = deps(makeCode(session, web.id));
    const params = { code: 'c', redirect_uri: 'https://rp.example/callback', code_verifier: 'x'.repeat(43) };
    await expect(grants.authorization_code({ client: web, params, context: CONTEXT })).rejects.toMatchObject({
      code: 'invalid_grant',
      message: 'code_verifier does not match the code_challenge',
    });
    expect(fakes.issuer.issue).not.toHaveBeenCalled();
  });

  it('a code issued with a challenge needs its verifier, whatever the client’s requirePkce', async () => {
    const optional = makeClient({ id: 'basic-rp', requirePkce: false });
    const { grants, fakes } = deps(makeCode(session, optional.id));
    const params = { code: 'c', redirect_uri: 'https://rp.example/callback' };
    await expect(grants.authorization_code({ client: optional, params, context: CONTEXT })).rejects.toMatchObject({
      code: 'invalid_grant',
      message: 'code_verifier is missing or malformed (43–128 characters)',
    });
    expect(fakes.issuer.issue).not.toHaveBeenCalled();
  });

  it('a code_verifier for a code issued without a challenge is a PKCE downgrade: invalid_grant (RFC 9700 §4.8.2)', async () => {
    const optional = makeClient({ id: 'basic-rp', requirePkce: false });
    const { grants, fakes } = deps(makeCode(session, optional.id, { codeChallenge: null }));
    const params = { code: 'c', redirect_uri: 'https://rp.example/callback', code_verifier: VERIFIER };
    await expect(grants.authorization_code({ client: optional, params, context: CONTEXT })).rejects.toMatchObject({
      code: 'invalid_grant',
      message: 'code_verifier was sent, but the authorization request had no code_challenge',
    });
    expect(fakes.issuer.issue).not.toHaveBeenCalled();
  });

  it('a code issued without a challenge is redeemed without a verifier, its nonce in the id_token', async () => {
    const optional = makeClient({ id: 'basic-rp', requirePkce: false });
    const { grants, fakes } = deps(makeCode(session, optional.id, { codeChallenge: null }));
    const params = { code: 'c', redirect_uri: 'https://rp.example/callback' };
    const answer = await grants.authorization_code({ client: optional, params, context: CONTEXT });
    expect(fakes.idTokens.issue).toHaveBeenCalledWith(
      expect.objectContaining({ nonce: 'n-0S6_WzA2Mj' }),
      optional.idTokenSignedResponseAlg,
    );
    expect(answer).toMatchObject({ access_token: 'user.access', id_token: 'the.id.token' });
  });

  it('redeems: a refresh family of the client’s own, an access token, and an id_token for openid', async () => {
    const { grants, fakes } = deps(makeCode(session, web.id, { scope: 'openid profile' }));
    const params = { code: 'c', redirect_uri: 'https://rp.example/callback', code_verifier: VERIFIER };
    const answer = await grants.authorization_code({ client: web, params, context: CONTEXT });
    // the family keeps the code's claims request (none here) with its scope, for each refresh
    expect(fakes.sessions.startClientFamily).toHaveBeenCalledWith(session, 'web', 'openid profile', null);
    // in the client's registered algorithm (RS256 unless it chose another)
    expect(fakes.idTokens.issue).toHaveBeenCalledWith(
      expect.objectContaining({ nonce: 'n-0S6_WzA2Mj', authTime: T0 }),
      web.idTokenSignedResponseAlg,
    );
    expect(answer).toEqual({
      access_token: 'user.access',
      token_type: 'Bearer',
      expires_in: 60,
      scope: 'openid profile',
      refresh_token: 'family.refresh',
      id_token: 'the.id.token',
    });
  });
});

describe("the id_token's claims, as the client's idTokenClaims decides", () => {
  const alice = makeUser({ id: 'u1', username: 'alice', claims: { email: 'alice@example.com', locale: 'fr-FR' } });
  const asked = JSON.stringify({ id_token: { locale: null } });
  const redeem = async (idTokenClaims: 'scopes' | 'minimal') => {
    const client = makeClient({ id: 'web', idTokenClaims });
    const code = makeCode(session, client.id, { scope: 'openid profile email', claims: asked });
    const { grants, fakes } = deps(code, untouchable, alice);
    const params = { code: 'c', redirect_uri: 'https://rp.example/callback', code_verifier: VERIFIER };
    await grants.authorization_code({ client, params, context: CONTEXT });
    return (fakes.idTokens.issue.mock.calls[0] as unknown as [{ claims: Record<string, unknown> }])[0].claims;
  };

  it("scopes (the default): the scopes' claims as UserInfo gives them, and those the claims parameter asks for", async () => {
    expect(await redeem('scopes')).toEqual({
      sub: 'u1',
      name: 'alice',
      preferred_username: 'alice',
      email: 'alice@example.com',
      email_verified: false,
      locale: 'fr-FR',
    });
  });

  it("minimal: only the claims the claims parameter's id_token member asks for, none of the scopes'", async () => {
    expect(await redeem('minimal')).toEqual({ locale: 'fr-FR' });
  });
});

describe('refresh_token', () => {
  it('a missing token is invalid_request', async () => {
    await expect(deps().grants.refresh_token({ client: web, params: {}, context: CONTEXT })).rejects.toMatchObject({
      code: 'invalid_request',
    });
  });

  it('rotates bound to the presenting client, with a new id_token when openid was granted', async () => {
    const { grants, fakes } = deps();
    const answer = await grants.refresh_token({ client: web, params: { refresh_token: 'r.t' }, context: CONTEXT });
    expect(fakes.sessions.refresh).toHaveBeenCalledWith(
      'r.t',
      CONTEXT,
      expect.objectContaining({ id: 'web', audience: web.audience }),
    );
    expect(answer).toMatchObject({
      refresh_token: 'rotated.refresh',
      id_token: 'the.id.token',
      scope: 'openid offline_access',
    });
  });
});
