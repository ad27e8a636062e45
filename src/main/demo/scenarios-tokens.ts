import { shortKid } from '../../shared/demo-verdicts';
import { DemoClient } from './demo-client';
import type { Lab, ScenarioRun } from './lab';
import { cadenceOf, observeSession } from './scenarios-sessions';

const ADMIN = 'admin';

async function loggedIn(lab: Lab, actor: string): Promise<DemoClient | null> {
  const client = new DemoClient(lab, actor);
  return (await client.login()).status === 200 ? client : null;
}

/** Scenario 3: the attacker rotates a stolen refresh token first; the victim's refresh is a reuse. */
export const runStolenRefresh: ScenarioRun = async (lab) => {
  const victim = await loggedIn(lab, 'victim');
  if (!victim) return;
  const attacker = new DemoClient(lab, 'attacker');
  attacker.refreshToken = victim.refreshToken;
  await lab.note(`The attacker steals ${victim.refreshToken?.label} and uses it before the victim does.`);
  await victim.me();
  await lab.advance(10);
  await attacker.refresh();
  await attacker.me();
  // the victim's SDK renews in the background shortly before its access token expires
  await lab.advance(Math.max(1, victim.accessLeft() - cadenceOf(lab)));
  await victim.refresh();
  await victim.sessionEnded('reused');
  await observeSession(lab, victim, ['status', 'revokedReason']);
  await attacker.refresh();
  await victim.me();
  await attacker.me();
};

/** Scenario 4: emergency revoke of the signing key; its tokens die, the sessions live on. */
export const runKeyCompromise: ScenarioRun = async (lab) => {
  const ring = lab.gatehouse.ring;
  const oldKid = ring.signingKey().kid;
  await lab.observe('key ring', 'active kid', oldKid);
  const since = ring.get(oldKid)?.record.activatedAt ?? lab.clock.now();
  await lab.lifetime('key', shortKid(oldKid), since, lab.clock.now() + 86_400);
  const victim = await loggedIn(lab, 'user');
  if (!victim) return;
  await victim.me();
  await lab.advance(10);
  await lab.admin('emergency-revoke key', shortKid(oldKid), () =>
    ring.revoke(oldKid, ADMIN, 'demo lab: key compromise'),
  );
  const newKid = ring.signingKey().kid;
  await lab.observe('key ring', 'active kid', newKid);
  await lab.lifetime('key', shortKid(oldKid), since, lab.clock.now(), 'revoked');
  await lab.lifetime('key', shortKid(newKid), lab.clock.now(), lab.clock.now() + 86_400);
  await victim.me();
  await victim.refresh();
  await observeSession(lab, victim);
  await victim.me();
};

/** Scenario 5: bump the user's token version; old tokens die, refreshed ones carry the new `ver`. */
export const runRoleChange: ScenarioRun = async (lab) => {
  const user = await loggedIn(lab, 'user');
  if (!user) return;
  const oldVer = user.access?.ver ?? -1;
  await user.me();
  await lab.advance(10);
  const bumped = await lab.admin(
    'bump token version',
    `${lab.credentials.username} (ver ${oldVer} → ${oldVer + 1})`,
    () => lab.gatehouse.users.bumpTokenVersion(user.userId ?? '', ADMIN, 'demo lab: role change'),
  );
  await lab.observe(lab.credentials.username, 'token version', bumped.tokenVersion);
  await user.me();
  await user.refresh();
  await user.me();
};
