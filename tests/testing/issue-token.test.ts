/** gh.issueToken: tokens the instance itself accepts, for users or any subject, revocable through gh.admin. */
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatehouseTestError, startGatehouse, type TestGatehouse } from '@gatehouse/testing';
import { apiMe, CONFIG } from './config';

let gh: TestGatehouse;
beforeAll(async () => {
  gh = await startGatehouse({ config: CONFIG });
});
afterAll(() => gh.stop());

describe('gh.issueToken', () => {
  it("issues a config user's token with claims, in a real session that /api/me accepts", async () => {
    const issued = await gh.issueToken({ sub: 'carol', claims: { role: 'admin' }, expiresIn: 300 });
    const claims = decodeJwt(issued.access_token);
    const carol = await gh.admin.users.list({});
    const id = carol.ok ? carol.value.find((u) => u.username === 'carol')!.id : '';
    expect(claims).toMatchObject({ iss: gh.issuer, sub: id, sid: issued.session_id, role: 'admin' });
    expect(claims.exp! - claims.iat!).toBe(300);
    expect(issued.expires_in).toBe(300);
    expect(await apiMe(gh.issuer, issued.access_token)).toBe(200);
  });

  it('makes /api/me refuse the token once its session is revoked through gh.admin', async () => {
    const issued = await gh.issueToken({ sub: 'carol' });
    expect(await apiMe(gh.issuer, issued.access_token)).toBe(200);
    const revoked = await gh.admin.sessions.revoke({ sessionId: issued.session_id!, reason: 'test' });
    expect(revoked.ok).toBe(true);
    expect(await apiMe(gh.issuer, issued.access_token)).toBe(401);
  });

  it('issues a token for a subject Gatehouse does not know, with that very sub, in a session', async () => {
    const issued = await gh.issueToken({ sub: 'service-account-7' });
    expect(decodeJwt(issued.access_token)).toMatchObject({ sub: 'service-account-7', sid: issued.session_id });
    expect(await apiMe(gh.issuer, issued.access_token)).toBe(200);
  });

  it('issues a sessionless token on request, with another audience: no sid, the given aud', async () => {
    const issued = await gh.issueToken({ sub: 'carol', audience: 'orders', session: false });
    const claims = decodeJwt(issued.access_token);
    expect(issued.session_id).toBeNull();
    expect(claims.sid).toBeUndefined();
    expect(claims.aud).toBe('orders');
  });

  it('throws a typed error naming the method and the code for a lifetime over the cap or a reserved claim', async () => {
    await expect(gh.issueToken({ sub: 'carol', expiresIn: 86_400 })).rejects.toMatchObject({
      name: 'GatehouseTestError',
      method: 'issueToken',
      code: 'invalid_request',
    });
    const err = await gh.issueToken({ sub: 'carol', claims: { iss: 'https://evil.test' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatehouseTestError);
    expect((err as GatehouseTestError).message).toMatch(/^gh\.issueToken: claims may not set iss/);
  });

  it('refuses to issue for, or log in, a disabled user: a typed invalid_state', async () => {
    const users = await gh.admin.users.list({});
    const dave = users.ok ? users.value.find((u) => u.username === 'dave')! : undefined;
    await gh.admin.users.update({ userId: dave!.id, disabled: true });
    await expect(gh.issueToken({ sub: 'dave' })).rejects.toMatchObject({ method: 'issueToken', code: 'invalid_state' });
    await expect(gh.login({ username: 'dave' })).rejects.toMatchObject({ method: 'login', code: 'invalid_state' });
  });

  it('throws a typed error for a login of an unknown user or client', async () => {
    await expect(gh.login({ username: 'nobody' })).rejects.toMatchObject({ method: 'login', code: 'not_found' });
    await expect(gh.login({ username: 'carol', clientId: 'nope' })).rejects.toMatchObject({
      method: 'login',
      code: 'not_found',
    });
  });
});
