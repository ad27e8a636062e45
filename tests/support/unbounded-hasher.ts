import { afterAll, beforeAll } from 'vitest';
import { PasswordHasher } from '../../src/main/auth/password-hasher';
import { setPasswordHasher } from '../../src/main/auth/passwords';

/**
 * For a test file about something else than the hasher's admission control (login throttling):
 * a hasher that queues every job, so that which concurrent logins get hashed depends only on the
 * code under test, not on how fast this machine hashes.
 */
export function useUnboundedHasher(): void {
  let hasher: PasswordHasher;
  beforeAll(() => {
    hasher = new PasswordHasher({ budgetMs: 600_000, deadlineMs: 600_000, maxQueued: 10_000, initialEstimateMs: 1 });
    setPasswordHasher(hasher);
  });
  afterAll(async () => {
    setPasswordHasher(undefined);
    await hasher.close();
  });
}
