import { DemoClient } from './demo-client';
import { verdictOf, type Lab, type ScenarioRun } from './lab';
import { cadenceOf } from './scenarios-sessions';

const ADMIN = 'admin';
const shortKid = (kid: string) => `key ${kid.slice(0, 8)}`;

async function loggedIn(lab: Lab, actor: string): Promise<DemoClient | null> {
  const client = new DemoClient(lab, actor);
  return (await client.login()).status === 200 ? client : null;
}

/** Scenario 3: the attacker rotates a stolen refresh token first; the victim's refresh is a reuse. */
export const runStolenRefresh: ScenarioRun = async (lab) => {
  const victim = await loggedIn(lab, 'victim');
  if (!victim) return verdictOf([{ label: 'login failed', pass: false }], '');
  const attacker = new DemoClient(lab, 'attacker');
  attacker.refreshToken = victim.refreshToken;
  await lab.note(`The attacker steals ${victim.refreshToken?.label} and uses it before the victim does.`);
  await victim.me();
  await lab.advance(10);
  const stolen = await attacker.refresh();
  await attacker.me();
  // the victim's SDK renews in the background shortly before its access token expires
  await lab.advance(Math.max(1, victim.accessLeft() - cadenceOf(lab)));
  const victimRefresh = await victim.refresh();
  await victim.sessionEnded('reused');
  const session = await lab.gatehouse.store.getSession(victim.sessionId ?? '');
  const attackerAgain = await attacker.refresh();
  const victimMe = await victim.me();
  const attackerMe = await attacker.me();
  const refreshes = lab.steps.filter((s) => s.kind === 'request' && s.path === '/auth/refresh').map((s) => (s.kind === 'request' ? `${s.actor} ${s.status}` : ''));
  return verdictOf(
    [
      { label: "the attacker's refresh with the stolen token: 200", pass: stolen.status === 200 },
      { label: "the victim's refresh with the same token: 401 (a reuse)", pass: victimRefresh.status === 401 },
      { label: 'reuse detection revoked the whole session', pass: session?.status === 'revoked' && /reuse/.test(session.revokedReason ?? '') },
      { label: "the attacker's rotated refresh token is dead too: 401", pass: attackerAgain.status === 401 },
      { label: 'exactly three refreshes: attacker 200, victim 401, attacker 401', pass: refreshes.join(',') === 'attacker 200,victim 401,attacker 401' },
      { label: "the victim's unexpired access token: 401 session_revoked", pass: victimMe.status === 401 && victimMe.step.reason === 'session_revoked' && victim.accessLeft() > 0 },
      { label: "the attacker's unexpired access token: 401 session_revoked", pass: attackerMe.status === 401 && attackerMe.step.reason === 'session_revoked' && attacker.accessLeft() > 0 },
    ],
    'The replayed refresh token gave the theft away: the whole family was revoked and both the attacker and the victim are out.',
  );
};

/** Scenario 4: emergency revoke of the signing key; its tokens die, the sessions live on. */
export const runKeyCompromise: ScenarioRun = async (lab) => {
  const ring = lab.gatehouse.ring;
  const oldKid = ring.signingKey().kid;
  const since = ring.get(oldKid)?.record.activatedAt ?? lab.clock.now();
  await lab.lifetime('key', shortKid(oldKid), since, lab.clock.now() + 86_400);
  const victim = await loggedIn(lab, 'user');
  if (!victim) return verdictOf([{ label: 'login failed', pass: false }], '');
  const first = await victim.me();
  await lab.advance(10);
  await lab.admin('emergency-revoke key', shortKid(oldKid), () => ring.revoke(oldKid, ADMIN, 'demo lab: key compromise'));
  const newKid = ring.signingKey().kid;
  await lab.lifetime('key', shortKid(oldKid), since, lab.clock.now(), 'revoked');
  await lab.lifetime('key', shortKid(newKid), lab.clock.now(), lab.clock.now() + 86_400);
  const revokedAt = lab.clock.now();
  const rejected = await victim.me();
  const refresh = await victim.refresh();
  const after = await victim.me();
  const session = await lab.gatehouse.store.getSession(victim.sessionId ?? '');
  return verdictOf(
    [
      { label: `the first token (signed by ${shortKid(oldKid)}) worked: 200`, pass: first.status === 200 && victim.access !== null },
      { label: 'right after the revoke it is refused: 401 key_revoked', pass: rejected.status === 401 && rejected.step.reason === 'key_revoked' && rejected.step.at === revokedAt },
      { label: 'the session survived: a refresh answered 200', pass: refresh.status === 200 && session?.status === 'active' },
      { label: `the new token carries the new kid (${shortKid(newKid)})`, pass: victim.access?.kid === newKid && newKid !== oldKid },
      { label: 'and /api/me accepts it: 200', pass: after.status === 200 },
    ],
    `Tokens of the compromised key were refused at once; the user stayed signed in and got a token from ${shortKid(newKid)} on the next refresh.`,
  );
};

/** Scenario 5: bump the user's token version; old tokens die, refreshed ones carry the new `ver`. */
export const runRoleChange: ScenarioRun = async (lab) => {
  const user = await loggedIn(lab, 'user');
  if (!user) return verdictOf([{ label: 'login failed', pass: false }], '');
  const oldVer = user.access?.ver ?? -1;
  const first = await user.me();
  await lab.advance(10);
  const bumped = await lab.admin('bump token version', `${lab.credentials.username} (ver ${oldVer} → ${oldVer + 1})`, () =>
    lab.gatehouse.users.bumpTokenVersion(user.userId ?? '', ADMIN, 'demo lab: role change'));
  const stale = await user.me();
  const refresh = await user.refresh();
  const after = await user.me();
  return verdictOf(
    [
      { label: `the old token (ver ${oldVer}) worked: 200`, pass: first.status === 200 },
      { label: 'after the bump the old token is refused: 401 version_stale', pass: stale.status === 401 && stale.step.reason === 'version_stale' && user.accessLeft() > 0 },
      { label: 'a refresh answered 200', pass: refresh.status === 200 },
      { label: `the new token carries ver ${bumped.tokenVersion}`, pass: user.access?.ver === bumped.tokenVersion && bumped.tokenVersion === oldVer + 1 },
      { label: `/api/me accepts it and sees ver ${bumped.tokenVersion}`, pass: after.status === 200 && after.body?.ver === bumped.tokenVersion },
    ],
    `Every token with ver ${oldVer} died at once; the refreshed token carries ver ${bumped.tokenVersion} and the new claims.`,
  );
};
