/**
 * The first instance of a process answers once access tokens can be signed, its RSA id_token key
 * still being made (bench/README.md, "Test harness"): whatever shows or uses that key waits for it.
 */
import { decodeProtectedHeader } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { startGatehouse, type TestGatehouse } from '@gatehouse/testing';
import { apiMe, CONFIG } from './config';

const started: TestGatehouse[] = [];
afterAll(() => Promise.all(started.map((gh) => gh.stop())));

describe('the first startGatehouse() of a process', () => {
  it('issues a token at once, and its JWKS, gh.login’s id_token and gh.admin’s key list, asked right away, all have the RS256 key', async () => {
    const gh = await startGatehouse({ config: CONFIG });
    started.push(gh);
    const token = await gh.issueToken({ sub: 'carol' });
    const [jwks, tokens, keys, me] = await Promise.all([
      fetch(gh.jwksUrl).then((res) => res.json() as Promise<{ keys: { kid: string; alg: string }[] }>),
      gh.login({ username: 'carol', clientId: 'my-app' }),
      gh.admin.keys.list({}),
      apiMe(gh.issuer, token.access_token),
    ]);
    const idKid = decodeProtectedHeader(tokens.id_token!).kid;
    expect(decodeProtectedHeader(tokens.id_token!).alg).toBe('RS256');
    expect(jwks.keys.filter((k) => k.alg === 'RS256').map((k) => k.kid)).toContain(idKid);
    expect(
      keys.ok &&
        keys.value
          .filter((k) => k.state === 'active')
          .map((k) => k.alg)
          .sort(),
    ).toEqual(['ES256', 'RS256']);
    expect(me).toBe(200);
  });
});
