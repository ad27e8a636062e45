import { DEMO_STRATEGIES, type DemoStrategy } from '../../shared/demo';
import {
  LONG_JWT_LIFETIME,
  measureStrategies,
  STRATEGY_BOUND_SECONDS,
  STRATEGY_LABELS,
  STRATEGY_SLOW_CADENCE,
  strategyPath,
} from '../../shared/demo-verdicts';
import { DemoClient } from './demo-client';
import type { Lab, ScenarioRun } from './lab';
import { mintLongLivedJwt } from './strategy-routes';

const ADMIN = 'admin';
const CADENCE = 10;
/** Calls are every CADENCE seconds for two minutes after the revoke, then every STRATEGY_SLOW_CADENCE. */
const CLOSE_WATCH = 120;
/**
 * The revoke comes a little after one default access-token lifetime (60 s): by then the clients
 * that refresh have refreshed once, so what a refresh costs shows in their figures.
 */
const REVOKE_AFTER = 65;

interface Contender {
  strategy: DemoStrategy;
  client: DemoClient;
  path: string;
  credential: { token: string; label: string };
  refreshes: boolean;
  refreshFailed: boolean;
  rejectedAt: number | null;
}

async function enter(lab: Lab, strategy: DemoStrategy): Promise<Contender> {
  const client = new DemoClient(lab, strategy);
  const login = await client.login();
  if (login.status !== 200) throw new Error(`login for ${strategy} answered ${login.status}`);
  const path = strategyPath(strategy);
  let credential = { token: client.access?.token ?? '', label: client.access?.label ?? '' };
  if (strategy === 'server-session') credential = { token: client.sessionId ?? '', label: 'session id' };
  if (strategy === 'stateless-jwt' || strategy === 'jwt-denylist') {
    const jwt = mintLongLivedJwt(lab.gatehouse, client.userId ?? '', client.sessionId ?? '', LONG_JWT_LIFETIME);
    credential = { token: jwt.token, label: lab.nextLabel('jwt') };
    await lab.note(
      `The ${STRATEGY_LABELS[strategy]} app issues its own ${LONG_JWT_LIFETIME / 60}-minute JWT (${credential.label}).`,
    );
    await lab.lifetime('access', credential.label, jwt.iat, jwt.exp);
  }
  return {
    strategy,
    client,
    path,
    credential,
    refreshes: strategy === 'access-refresh' || strategy === 'hybrid',
    refreshFailed: false,
    rejectedAt: null,
  };
}

async function call(c: Contender): Promise<void> {
  if (c.refreshes && !c.refreshFailed && c.client.accessLeft() <= CADENCE) {
    const r = await c.client.refresh();
    if (r.status === 200) c.credential = { token: c.client.access?.token ?? '', label: c.client.access?.label ?? '' };
    // the access token in hand keeps working until it expires: that is the point of this strategy
    else c.refreshFailed = true;
  }
  const answer = await c.client.me(c.path, c.credential);
  if (answer.status !== 200 && c.rejectedAt === null) c.rejectedAt = answer.step.at;
}

/** Scenario 6: five ways to build auth, on one clock; store reads and the revocation window, measured. */
export const runStrategies: ScenarioRun = async (lab) => {
  const contenders: Contender[] = [];
  for (const strategy of DEMO_STRATEGIES) contenders.push(await enter(lab, strategy));
  const start = lab.clock.now();
  for (const c of contenders) await call(c);
  while (lab.clock.now() + CADENCE <= start + REVOKE_AFTER) {
    await lab.advance(CADENCE, false);
    for (const c of contenders) await call(c);
  }
  await lab.advance(start + REVOKE_AFTER - lab.clock.now(), false);
  for (const c of contenders) {
    await lab.admin('revoke session', c.client.sessionLabel(), () =>
      lab.gatehouse.sessions.revokeSession(c.client.sessionId ?? '', 'demo lab: strategy comparison', ADMIN),
    );
    await c.client.sessionEnded('revoked');
  }
  const bound = STRATEGY_BOUND_SECONDS;
  await lab.note(
    'The admin revoked all five sessions; each client calls again at once, then on its cadence until it is refused.',
  );
  // the very next call of each comes in the second of the revoke
  for (let since = 0; ;) {
    const live = contenders.filter((c) => c.rejectedAt === null);
    if (!live.length) break;
    // nothing changes for a long while: no pauses, so the demo does not drag
    lab.fastForward = since >= CLOSE_WATCH;
    for (const c of live) await call(c);
    const step = since < CLOSE_WATCH ? CADENCE : STRATEGY_SLOW_CADENCE;
    if (since + step > bound) break;
    if (since < CLOSE_WATCH && since + step >= CLOSE_WATCH && contenders.some((c) => c.rejectedAt === null))
      await lab.note('Only long-lived tokens are still accepted; from now on the clients call once a minute.');
    await lab.advance(step, false);
    since += step;
  }
  lab.fastForward = false;
  // the figures come from the recorded requests, by the rules a replay applies (shared/demo-verdicts.ts)
  for (const r of measureStrategies(lab.steps)) {
    await lab.record({
      kind: 'strategy',
      strategy: r.strategy,
      label: r.label,
      requests: r.requests,
      refreshes: r.refreshes,
      readsPerRequest: r.readsPerRequest,
      writesPerRequest: r.writesPerRequest,
      callReadsPerRequest: r.callReadsPerRequest,
      callWritesPerRequest: r.callWritesPerRequest,
      windowSeconds: r.windowSeconds,
      boundSeconds: r.boundSeconds,
    });
  }
};
