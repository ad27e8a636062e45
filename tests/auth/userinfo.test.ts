import { describe, expect, it } from 'vitest';
import { userinfo, userinfoClaims } from '../../src/main/auth/userinfo';
import type { AccessClaims } from '../../src/main/auth/verify-access-token';
import { makeUser } from '../store/contract-fixtures';

const alice = makeUser({
  id: 'u1',
  username: 'alice',
  claims: { email: 'alice@example.com', given_name: 'Alice', department: 'ops' },
});
const users = { getUserById: async (id: string) => (id === alice.id ? alice : null) };
const token = (over: Partial<AccessClaims>) => ({ sub: 'u1', sid: 's1', scope: 'openid', ...over }) as AccessClaims;

describe('userinfo: OIDC Core §5.3 without HTTP', () => {
  it('refuses a client’s own token (no sid) and a token not granted openid', async () => {
    await expect(userinfo(users, token({ sid: undefined }))).rejects.toMatchObject({ code: 'invalid_scope' });
    await expect(userinfo(users, token({ scope: 'profile' }))).rejects.toMatchObject({ code: 'invalid_scope' });
  });

  it('refuses a user that no longer exists', async () => {
    await expect(userinfo(users, token({ sub: 'gone' }))).rejects.toMatchObject({ code: 'invalid_grant' });
  });

  it('says sub and the custom claims with openid alone, never a standard claim without its scope', async () => {
    expect(await userinfo(users, token({}))).toEqual({ sub: 'u1', department: 'ops' });
  });

  it('adds the claims the authorization request asked of UserInfo (OIDC Core §5.5), carried by the token', async () => {
    const asked = { ...token({}), userinfo_claims: ['email', 'name'] } as AccessClaims;
    expect(await userinfo(users, asked)).toEqual({
      sub: 'u1',
      department: 'ops',
      name: 'alice',
      email: 'alice@example.com',
      email_verified: false,
    });
  });

  it('adds each scope’s standard claims: the name from the username, email with whether it is verified', () => {
    expect(userinfoClaims(alice, 'openid profile email')).toEqual({
      sub: 'u1',
      department: 'ops',
      given_name: 'Alice',
      name: 'alice',
      preferred_username: 'alice',
      email: 'alice@example.com',
      email_verified: false,
    });
  });
});

describe('userinfo: the address and phone scopes (OIDC Core §5.4)', () => {
  const bob = makeUser({
    id: 'u2',
    username: 'bob',
    claims: { address: { country: 'NZ' }, phone_number: '+64 21 000 000' },
  });
  it('serves address and phone_number (with whether it is verified) only with their scopes', () => {
    expect(userinfoClaims(bob, 'openid address phone')).toEqual({
      sub: 'u2',
      address: { country: 'NZ' },
      phone_number: '+64 21 000 000',
      phone_number_verified: false,
    });
    expect(userinfoClaims(bob, 'openid')).toEqual({ sub: 'u2' });
  });
  it('says nothing of a phone or address the user does not have', () => {
    expect(userinfoClaims(alice, 'openid address phone')).toEqual({ sub: 'u1', department: 'ops' });
  });
});
