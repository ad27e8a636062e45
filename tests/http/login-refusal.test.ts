/**
 * While the password hasher is full, POST /auth/login is refused before Fastify reads or parses
 * its body (the cheap path of a login flood), with the same answer as a refusal after parsing.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PasswordHasher } from '../../src/main/auth/password-hasher';
import { ScryptPasswords } from '../../src/main/auth/passwords';
import { startTestServer, type ServerFixture } from '../support/gatehouse-fixture';
import { rawRequest, type ErrorBody } from '../support/http-client';

let fx: ServerFixture;
let hasher: PasswordHasher;
beforeAll(async () => {
  // one thread and no queue: while one hash runs, any other is refused at once, whatever the
  // estimate (the fixture's demo users are hashed by this hasher, so it has timed hashes)
  hasher = new PasswordHasher({ threads: 1, maxQueued: 0, initialEstimateMs: null });
  fx = await startTestServer({ passwords: new ScryptPasswords(hasher) });
});
afterAll(async () => {
  await fx.close();
  await hasher.close();
});

const login = (body: string) =>
  rawRequest(fx.url, { path: '/auth/login', method: 'POST', headers: { 'content-type': 'application/json' }, body });

it('refuses a login with 503 and Retry-After before parsing its body while the hasher is full; the same body is a 400 once it is free', async () => {
  const occupied = fx.gatehouse.passwords.hash('occupies the only hashing thread');
  const refusals = await Promise.all([login('{"username": not json'), login('{"username":"alice","password":"x"}')]);
  for (const res of refusals) {
    expect(res.status).toBe(503);
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((JSON.parse(res.body) as ErrorBody).error).toBe('temporarily_unavailable');
  }
  await occupied;
  expect((await login('{"username": not json')).status).toBe(400);
});
