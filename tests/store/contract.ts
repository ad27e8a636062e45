import { describe } from 'vitest';
import type { OpenStore } from './contract-fixtures';
import { describeLogoutDeliveries } from './contract-logout';
import { describeOpenId } from './contract-openid';
import { describeRecords } from './contract-records';
import { describeRotate } from './contract-rotate';
import { describeSessionList } from './contract-session-list';
import { describeSessions } from './contract-sessions';
import { describeUserDeletion } from './contract-user-delete';
import { describeUsersAndIssuedTokens } from './contract-users';

/**
 * The behaviour every Store adapter must show. Each test gets a fresh, empty store from `open`
 * and calls `cleanup` after it. Run it from an adapter's own test file:
 * `runStoreContract('sqlite', async () => ({ store, cleanup }))`.
 */
export function runStoreContract(name: string, open: OpenStore): void {
  describe(`Store contract: ${name}`, () => {
    describeUsersAndIssuedTokens(open);
    describeSessions(open);
    describeSessionList(open);
    describeRotate(open);
    describeRecords(open);
    describeOpenId(open);
    describeLogoutDeliveries(open);
    describeUserDeletion(open);
  });
}
