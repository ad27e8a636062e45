/** The password port is injected: a Gatehouse hashes through what it is given, or through its own executor. */
import { describe, expect, it } from 'vitest';
import { HashingBusyError, PasswordHasher } from '../../src/main/auth/password-hasher';
import { ScryptPasswords, type Passwords } from '../../src/main/auth/passwords';
import { CLIENT, openTestGatehouse } from '../support/gatehouse-fixture';

/** A cheap scrypt job: enough to tell an open executor from a closed one. */
const job = { password: 'p', salt: Buffer.alloc(16), keyLength: 32, N: 1 << 10, r: 8, p: 1, maxmem: 32 << 20 };

/** A stand-in that hashes nothing, recording what the domain asks of it. */
function recordingPasswords(): Passwords & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    hash: async (password) => (calls.push(`hash ${password}`), `plain$${password}`),
    verify: async (password, stored) => (calls.push(`verify ${password}`), stored === `plain$${password}`),
    refusal: () => null,
  };
}

describe('the Gatehouse password port', () => {
  it('creates users and checks logins through the injected Passwords, never through scrypt', async () => {
    const passwords = recordingPasswords();
    const fx = await openTestGatehouse({ passwords });
    try {
      const g = fx.gatehouse;
      expect(g.passwords).toBe(passwords);
      await g.users.createUser('carol', 'carol-password', ['user'], 'test');
      expect((await g.store.getUserByUsername('carol'))?.passwordHash).toBe('plain$carol-password');
      await expect(g.sessions.login('carol', 'wrong-password', CLIENT)).rejects.toMatchObject({
        code: 'invalid_grant',
      });
      expect((await g.sessions.login('carol', 'carol-password', CLIENT)).user.username).toBe('carol');
      expect(passwords.calls).toEqual(['hash carol-password', 'verify wrong-password', 'verify carol-password']);
    } finally {
      await fx.close();
    }
  });

  it('refuses a login as login_busy when the injected port refuses, before any hash', async () => {
    const passwords = recordingPasswords();
    const fx = await openTestGatehouse({ passwords });
    try {
      const g = fx.gatehouse;
      await g.users.createUser('carol', 'carol-password', ['user'], 'test');
      passwords.refusal = () => new HashingBusyError(3);
      expect(g.sessions.loginRefusal()).toMatchObject({ code: 'login_busy', retryAfter: 3 });
      await expect(g.sessions.login('carol', 'carol-password', CLIENT)).rejects.toMatchObject({ code: 'login_busy' });
      expect(passwords.calls).toEqual(['hash carol-password']);
    } finally {
      await fx.close();
    }
  });

  it('closes the executor it made itself, and leaves a given one to its owner', async () => {
    const own = await openTestGatehouse();
    const ownHasher = (own.gatehouse.passwords as ScryptPasswords).hasher;
    await own.close();
    await expect(ownHasher.scrypt(job)).rejects.toThrow(/closed/);

    const given = new PasswordHasher({ threads: 1 });
    const fx = await openTestGatehouse({ passwords: new ScryptPasswords(given) });
    await fx.close();
    try {
      expect((await given.scrypt(job)).length).toBe(32);
    } finally {
      await given.close();
    }
  });
});
