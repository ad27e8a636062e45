/** gh.next and gh.requests: E's test hooks, armed through the harness and cleared by reset(). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatehouse, type TestGatehouse } from '@gatehouse/testing';
import { CONFIG } from './config';

let gh: TestGatehouse;
beforeAll(async () => {
  gh = await startGatehouse({ config: CONFIG });
});
afterAll(() => gh.stop());

const basic = `Basic ${Buffer.from(`my-app:${CONFIG.clients[0]!.clientSecret}`).toString('base64')}`;
const refresh = (token: string) =>
  fetch(`${gh.issuer}/oauth/token`, {
    method: 'POST',
    headers: { authorization: basic },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: token }),
  });

describe('gh.next and gh.requests', () => {
  it('answers the next token request with the armed fault, once; the refresh token still works after', async () => {
    const { refresh_token } = await gh.login({ username: 'carol', clientId: 'my-app' });
    gh.next.token({ error: 'invalid_grant' });
    const faulted = await refresh(refresh_token!);
    expect(faulted.status).toBe(400);
    expect(await faulted.json()).toMatchObject({ error: 'invalid_grant' });
    expect((await refresh(refresh_token!)).status).toBe(200);
  });

  it('records what the app sent, oldest first, secrets redacted, without draining', async () => {
    const seen = gh.requests({ endpoint: 'token' });
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen[0]).toMatchObject({ endpoint: 'token', method: 'POST', body: { refresh_token: '[redacted]' } });
    expect(seen[0]!.headers.authorization).toBe('Basic');
    expect(gh.requests({ endpoint: 'token' })).toHaveLength(seen.length);
  });

  it('disarms pending faults and forgets the recording on reset()', async () => {
    gh.next.token({ status: 503, retryAfter: 1 });
    await gh.reset();
    expect(gh.requests()).toEqual([]);
    const { refresh_token } = await gh.login({ username: 'carol', clientId: 'my-app' });
    expect((await refresh(refresh_token!)).status).toBe(200);
  });
});
