import { afterAll } from 'vitest';
import { PasswordHasher } from '../../src/main/auth/password-hasher';
import { ScryptPasswords } from '../../src/main/auth/passwords';

/**
 * For a test file about something else than the hasher's admission control (login throttling):
 * passwords hashed by an executor that queues every job, so that which concurrent logins get
 * hashed depends only on the code under test, not on how fast this machine hashes. Give it to the
 * Gatehouse under test (`passwords`); it is closed after the file's tests.
 */
export function useUnboundedHasher(): ScryptPasswords {
  const passwords = new ScryptPasswords(
    new PasswordHasher({ budgetMs: 600_000, deadlineMs: 600_000, maxQueued: 10_000, initialEstimateMs: 1 }),
  );
  afterAll(() => passwords.hasher.close());
  return passwords;
}
