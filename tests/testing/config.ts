/** The `--config` object the harness tests start with: one user and one OpenID client. */
export const CONFIG = {
  users: [
    { username: 'carol', password: 'carol-password-123', roles: ['user'], claims: { email: 'carol@example.test' } },
    { username: 'dave', password: 'dave-password-1234', roles: ['admin'] },
  ],
  clients: [
    {
      clientId: 'my-app',
      clientSecret: 'my-app-secret-0123456789abcdef0123456789',
      redirectUris: ['http://127.0.0.1:3000/callback'],
      grantTypes: ['authorization_code', 'refresh_token'],
      scopes: ['orders:read'],
    },
    {
      clientId: 'other-app',
      clientSecret: 'other-app-secret-0123456789abcdef012345678',
      redirectUris: ['http://127.0.0.1:3001/callback'],
      grantTypes: ['authorization_code', 'refresh_token'],
    },
  ],
  demoUsers: false,
};

/** GET `/api/me` with a bearer token: the status the instance's own resource server answers. */
export async function apiMe(issuer: string, token: string): Promise<number> {
  const res = await fetch(`${issuer}/api/me`, { headers: { authorization: `Bearer ${token}` } });
  await res.body?.cancel();
  return res.status;
}
