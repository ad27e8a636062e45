import { describe, expect, it } from 'vitest';
import { checkAuthorizeRequest } from '../../src/main/auth/authorize-request';
import { AuthError } from '../../src/main/auth/errors';
import { grantClientScope, grantUserScope } from '../../src/main/auth/scopes';
import type { ClientRecord } from '../../src/main/store/store';
import { makeClient } from '../store/contract-fixtures';

const machine = makeClient({
  id: 'machine',
  name: 'Machine',
  grantTypes: ['client_credentials'],
  redirectUris: [],
  scopes: ['orders:read', 'orders:write'],
});
const unregistered = makeClient({ id: 'legacy', name: 'Legacy', grantTypes: ['client_credentials'], scopes: [] });

function refusal(client: ClientRecord, scope: string | undefined): AuthError {
  try {
    grantClientScope(client, scope);
  } catch (err) {
    return err as AuthError;
  }
  throw new Error(`granted ${scope}`);
}

describe('client_credentials scope (grantClientScope)', () => {
  it('grants registered scopes as asked, once each', () => {
    expect(grantClientScope(machine, 'orders:write orders:read orders:write')).toBe('orders:write orders:read');
  });

  it('refuses the issue\'s "admin orders:write root" with invalid_scope naming the first unregistered scope', () => {
    const err = refusal(machine, 'admin orders:write root');
    expect(err).toBeInstanceOf(AuthError);
    expect(err.code).toBe('invalid_scope');
    expect(err.message).toBe('scope "admin" is not registered for Machine (registered: orders:read orders:write)');
  });

  it('a client with no registered scopes gets only an empty scope', () => {
    expect(grantClientScope(unregistered, undefined)).toBe('');
    expect(grantClientScope(unregistered, '')).toBe('');
    expect(refusal(unregistered, 'orders:read').message).toBe(
      'scope "orders:read" is not registered for Legacy (it has no registered scopes)',
    );
  });

  it('omitting scope grants none; the OIDC user scopes are dropped, there being no user', () => {
    expect(grantClientScope(machine, undefined)).toBe('');
    expect(grantClientScope(machine, 'openid orders:read offline_access')).toBe('orders:read');
  });

  it('a registered scope is matched exactly: no prefix, no case folding', () => {
    expect(refusal(machine, 'orders').code).toBe('invalid_scope');
    expect(refusal(machine, 'ORDERS:READ').code).toBe('invalid_scope');
    expect(refusal(machine, 'orders:read:all').code).toBe('invalid_scope');
  });
});

describe('code flow scope (grantUserScope)', () => {
  const web = makeClient({ id: 'web', scopes: ['orders:read', 'orders:write'] });

  it('keeps the OIDC scopes and the registered ones asked for, drops the rest, in a fixed order', () => {
    expect(grantUserScope(web, 'admin orders:write email root openid orders:read')).toBe(
      'openid email orders:read orders:write',
    );
    expect(grantUserScope({ ...web, scopes: [] }, 'openid orders:read')).toBe('openid');
    expect(grantUserScope(web, undefined)).toBe('');
  });

  it('the authorization request grants what grantUserScope decides', async () => {
    const check = await checkAuthorizeRequest(
      {
        params: {
          client_id: web.id,
          redirect_uri: web.redirectUris[0],
          response_type: 'code',
          code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
          code_challenge_method: 'S256',
          scope: 'openid root orders:read',
        },
        invalid: null,
      },
      async (id: string) => (id === web.id ? web : null),
    );
    expect(check).toMatchObject({ ok: true, request: { scope: 'openid orders:read' } });
  });
});
