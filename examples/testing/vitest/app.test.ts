import { expect, inject, it } from 'vitest';

it('signs carol in at the Gatehouse the global setup started, and /api/me knows her', async () => {
  const issuer = inject('gatehouseIssuer');
  const login = await fetch(`${issuer}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'carol', password: 'carol-password-123' }),
  });
  const { access_token } = (await login.json()) as { access_token: string };
  const me = await fetch(`${issuer}/api/me`, { headers: { authorization: `Bearer ${access_token}` } });
  expect(me.status).toBe(200);
});
