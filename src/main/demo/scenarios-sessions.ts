import { DemoClient } from './demo-client';
import { verdictOf, type Lab, type ScenarioRun } from './lab';

const ADMIN = 'admin';

/** Calls /api/me every `cadence` virtual seconds, when the access token has less left than that. */
export const cadenceOf = (lab: Lab) => Math.max(10, Math.floor(lab.gatehouse.settings.get().accessTokenTtl / 3));

/** Scenario 1: login, calls on a cadence, silent refreshes before expiry, logout. */
export const runHappyPath: ScenarioRun = async (lab) => {
  const client = new DemoClient(lab, 'client');
  const login = await client.login();
  if (login.status !== 200) return verdictOf([{ label: `login answered ${login.status}`, pass: false }], '');
  const cadence = cadenceOf(lab);
  const until = lab.clock.now() + 3 * lab.gatehouse.settings.get().accessTokenTtl + cadence;
  const calls = [await client.me()];
  const refreshes = [];
  const refreshTokens = new Set([client.refreshToken?.token]);
  while (lab.clock.now() < until) {
    await lab.advance(cadence);
    // the SDK's background renewal: before the token would expire by the next call
    if (client.accessLeft() <= cadence) {
      refreshes.push(await client.refresh());
      refreshTokens.add(client.refreshToken?.token);
    }
    calls.push(await client.me());
  }
  const logout = await client.logout();
  await client.sessionEnded('revoked');
  const after = await client.me();
  const session = await lab.gatehouse.store.getSession(client.sessionId ?? '');
  return verdictOf(
    [
      { label: `all ${calls.length} calls to /api/me answered 200`, pass: calls.every((c) => c.status === 200) },
      { label: `${refreshes.length} silent refreshes, each 200`, pass: refreshes.length >= 2 && refreshes.every((r) => r.status === 200) },
      { label: 'every refresh rotated the refresh token (a new one each time)', pass: refreshTokens.size === refreshes.length + 1 },
      { label: 'logout answered 204', pass: logout.status === 204 },
      { label: 'after logout /api/me answered 401 session_revoked', pass: after.status === 401 && after.step.reason === 'session_revoked' },
      { label: 'the session is revoked in the store', pass: session?.status === 'revoked' },
    ],
    `The client stayed signed in through ${refreshes.length} silent refreshes and ${calls.length} calls; logout ended it at once.`,
  );
};

/** Scenario 2: an attacker replays a copied access token; revoking the session stops both callers at once. */
export const runStolenAccess: ScenarioRun = async (lab) => {
  const victim = new DemoClient(lab, 'victim');
  const attacker = new DemoClient(lab, 'attacker');
  if ((await victim.login()).status !== 200) return verdictOf([{ label: 'login failed', pass: false }], '');
  attacker.access = victim.access;
  await lab.note(`The attacker copies ${victim.access?.label} (for instance from a log or a compromised browser extension).`);
  const before = [await victim.me(), await attacker.me()];
  await lab.advance(10);
  before.push(await victim.me(), await attacker.me());
  await lab.admin('revoke session', victim.sessionLabel(), () => lab.gatehouse.sessions.revokeSession(victim.sessionId ?? '', 'demo lab: stolen access token', ADMIN));
  await victim.sessionEnded('revoked');
  const revokedAt = lab.clock.now();
  const victimNext = await victim.me();
  const attackerNext = await attacker.me();
  const leftAtRevoke = (victim.access?.exp ?? 0) - revokedAt;
  return verdictOf(
    [
      { label: 'before the revoke both callers got 200', pass: before.every((c) => c.status === 200) },
      { label: "the victim's very next call: 401 session_revoked", pass: victimNext.status === 401 && victimNext.step.reason === 'session_revoked' },
      { label: "the attacker's very next call: 401 session_revoked", pass: attackerNext.status === 401 && attackerNext.step.reason === 'session_revoked' },
      { label: `both rejected in the second of the revoke, ${leftAtRevoke} s before the token's exp`, pass: victimNext.step.at === revokedAt && attackerNext.step.at === revokedAt && leftAtRevoke > 0 },
    ],
    `Both copies of the token were refused on their very next call, ${leftAtRevoke} s before the token would have expired.`,
  );
};
