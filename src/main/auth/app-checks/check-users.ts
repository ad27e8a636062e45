/**
 * The dedicated users of app checks (issue 20): a run's sessions, version bump and disabled flag are
 * theirs, never a real user's. They have no password: their stored hash is a marker no password
 * matches (not a scrypt hash), and nothing gives them one, so neither /auth/login nor the hosted
 * login form signs in as them. The console tells them apart by `UserView.purpose`.
 */
import type { UserRecord } from '../../store/store';

/** Who the audit log names for what a run does. */
export const CHECKS_ACTOR = 'app-checks';
export const CHECK_USERS = { baseline: 'app-check', version: 'app-check-version', disabled: 'app-check-disabled' };
/** The stored "hash" of a check user: it marks them, and no password verifies against it. */
export const CHECK_USER_PASSWORD_HASH = '!app-check-user';

export const isCheckUser = (user: Pick<UserRecord, 'passwordHash'>): boolean =>
  user.passwordHash === CHECK_USER_PASSWORD_HASH;
