import { describe } from 'vitest';
import type { Store, StoreRoles } from '../../src/main/store/store';
import { describeAudit } from './contract-audit';
import { describeAuthorizationCodes } from './contract-authorization-codes';
import { describeBrowserSessions } from './contract-browser-sessions';
import { describeClients } from './contract-clients';
import { describeDenylist } from './contract-denylist';
import type { OpenStore } from './contract-fixtures';
import { describeIssuedTokens } from './contract-issued-tokens';
import { describeLoginAttempts } from './contract-login-attempts';
import { describeLogoutOutbox } from './contract-logout-outbox';
import { describeRefreshFamilies } from './contract-refresh-families';
import { describeSessionList } from './contract-session-list';
import { describeSessions } from './contract-sessions';
import { describeSettings } from './contract-settings';
import { describeCheckRuns } from './contract-check-runs';
import { describeSigningKeys } from './contract-signing-keys';
import { describeUserDeletion } from './contract-user-delete';
import { describeUsers } from './contract-users';

type RoleContract = (open: OpenStore) => void;

/**
 * Each role of the store (store/ports/*.ts) with its contract: one file per role, two where the
 * role's search or deletion is a suite of its own. A role added to `StoreRoles` without a contract
 * here fails to compile.
 */
const ROLE_CONTRACTS: { [R in keyof StoreRoles]: readonly RoleContract[] } = {
  users: [describeUsers, describeUserDeletion],
  sessions: [describeSessions, describeSessionList],
  refreshFamilies: [describeRefreshFamilies],
  issuedTokens: [describeIssuedTokens],
  denylist: [describeDenylist],
  loginAttempts: [describeLoginAttempts],
  signingKeys: [describeSigningKeys],
  audit: [describeAudit],
  settings: [describeSettings],
  clients: [describeClients],
  authorizationCodes: [describeAuthorizationCodes],
  browserSessions: [describeBrowserSessions],
  logoutOutbox: [describeLogoutOutbox],
  checkRuns: [describeCheckRuns],
};

/** A method of `Store` that no role declares (so no contract covers it): must be `never`. */
type MethodWithoutRole = Exclude<
  keyof Store,
  { [R in keyof StoreRoles]: keyof StoreRoles[R] }[keyof StoreRoles] | 'kind' | 'close'
>;
const everyMethodHasARole: [MethodWithoutRole] extends [never] ? true : MethodWithoutRole = true;
void everyMethodHasARole;

/**
 * The behaviour every Store adapter must show, role by role. Each test gets a fresh, empty store
 * from `open` and calls `cleanup` after it. Run it from an adapter's own test file:
 * `runStoreContract('sqlite', async () => ({ store, cleanup }))`.
 */
export function runStoreContract(name: string, open: OpenStore): void {
  describe(`Store contract: ${name}`, () => {
    for (const contracts of Object.values(ROLE_CONTRACTS)) for (const contract of contracts) contract(open);
  });
}
