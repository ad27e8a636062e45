/**
 * A rush of correct sign-ins (a test suite logging its users in at once, a morning) is served: the
 * password hasher, at its default size for this machine, queues them within its deadline instead
 * of refusing all but one or two. The users' stored hashes are cheap (a hash keeps its own
 * parameters), so what decides is the hasher's admission, not how busy the machine is; the real
 * cost's figures are in `npm run bench` (login-flood.ts).
 */
import { randomBytes, scryptSync } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startAuthServer, type AuthServer } from '../../src/main/http/auth-server';
import { addUser, openTestGatehouse, type GatehouseFixture } from '../support/gatehouse-fixture';
import { rawRequest } from '../support/http-client';

const PASSWORD = 'a rush of correct passwords';
const USERS = 8;

/** The stored format (`scrypt$N$r$p$salt$hash`) at N=2^12: a few ms. */
function cheapHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, 32, { N: 1 << 12, r: 8, p: 1 });
  return ['scrypt', 1 << 12, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
}

let fx: GatehouseFixture;
let server: AuthServer;
beforeAll(async () => {
  fx = await openTestGatehouse();
  for (let i = 0; i < USERS; i++) {
    const user = await addUser(fx.gatehouse, `rush-${i}`);
    await fx.gatehouse.store.updateUser(user.id, { passwordHash: cheapHash(PASSWORD) });
  }
  server = await startAuthServer(fx.gatehouse, { port: 0 });
  fx.gatehouse.settings.setIssuer(server.url);
});
afterAll(async () => {
  await server.close();
  await fx.close();
});

it(`answers ${USERS} simultaneous correct logins all 200, each with its own session`, async () => {
  const logins = await Promise.all(
    Array.from({ length: USERS }, (_, i) =>
      rawRequest(server.url, {
        path: '/auth/login',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: `rush-${i}`, password: PASSWORD }),
      }),
    ),
  );
  expect(logins.map((r) => r.status)).toEqual(Array(USERS).fill(200));
  const sessions = logins.map((r) => (JSON.parse(r.body) as { session_id: string }).session_id);
  expect(new Set(sessions).size).toBe(USERS);
});
