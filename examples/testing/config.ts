/** The Gatehouse every recipe starts: what a `--config` file of your app's tests would hold. */
export const config = {
  users: [{ username: 'carol', password: 'carol-password-123', roles: ['user'] }],
  clients: [
    {
      clientId: 'my-app',
      clientSecret: 'my-app-secret-0123456789abcdef0123456789',
      redirectUris: ['http://127.0.0.1:3000/callback'],
      grantTypes: ['authorization_code', 'refresh_token'],
    },
  ],
  demoUsers: false,
};
