import { DemoClient } from './demo-client';
import type { Lab, ScenarioRun } from './lab';

const ADMIN = 'admin';

/** Calls /api/me every `cadence` virtual seconds, when the access token has less left than that. */
export const cadenceOf = (lab: Lab) => Math.max(10, Math.floor(lab.gatehouse.settings.get().accessTokenTtl / 3));

/** What the store says of a client's session now, for the verdict. */
export async function observeSession(
  lab: Lab,
  client: DemoClient,
  properties: ('status' | 'revokedReason')[] = ['status'],
): Promise<void> {
  const session = await lab.gatehouse.store.getSession(client.sessionId ?? '');
  for (const property of properties) await lab.observe(client.sessionLabel(), property, session?.[property] ?? null);
}

/** Scenario 1: login, calls on a cadence, silent refreshes before expiry, logout. */
export const runHappyPath: ScenarioRun = async (lab) => {
  const client = new DemoClient(lab, 'client');
  if ((await client.login()).status !== 200) return;
  const cadence = cadenceOf(lab);
  const until = lab.clock.now() + 3 * lab.gatehouse.settings.get().accessTokenTtl + cadence;
  await client.me();
  while (lab.clock.now() < until) {
    await lab.advance(cadence);
    // the SDK's background renewal: before the token would expire by the next call
    if (client.accessLeft() <= cadence) await client.refresh();
    await client.me();
  }
  await client.logout();
  await client.sessionEnded('revoked');
  await client.me();
  await observeSession(lab, client);
};

/** Scenario 2: an attacker replays a copied access token; revoking the session stops both callers at once. */
export const runStolenAccess: ScenarioRun = async (lab) => {
  const victim = new DemoClient(lab, 'victim');
  const attacker = new DemoClient(lab, 'attacker');
  if ((await victim.login()).status !== 200) return;
  attacker.access = victim.access;
  await lab.note(
    `The attacker copies ${victim.access?.label} (for instance from a log or a compromised browser extension).`,
  );
  await victim.me();
  await attacker.me();
  await lab.advance(10);
  await victim.me();
  await attacker.me();
  await lab.admin('revoke session', victim.sessionLabel(), () =>
    lab.gatehouse.sessions.revokeSession(victim.sessionId ?? '', 'demo lab: stolen access token', ADMIN),
  );
  await victim.sessionEnded('revoked');
  await victim.me();
  await attacker.me();
};
