import { DEMO_STRATEGIES, type DemoStepOf, type DemoStrategy } from '../../shared/demo';
import { DemoClient } from './demo-client';
import { verdictOf, type Lab, type ScenarioRun } from './lab';
import { mintLongLivedJwt } from './strategy-routes';

const ADMIN = 'admin';
/** What a pure-JWT app typically hands out: one hour, no way to take it back. */
export const LONG_JWT_LIFETIME = 3600;
const CADENCE = 10;
/** Calls are every CADENCE seconds for two minutes after the revoke, then every minute. */
const CLOSE_WATCH = 120;
const SLOW_CADENCE = 60;
const REVOKE_AFTER = 35;

export const STRATEGY_LABELS: Record<DemoStrategy, string> = {
  'server-session': 'Server sessions',
  'stateless-jwt': 'Stateless JWT',
  'jwt-denylist': 'JWT + denylist',
  'access-refresh': 'Access + refresh',
  hybrid: 'Hybrid (Gatehouse)',
};

interface Contender {
  strategy: DemoStrategy;
  client: DemoClient;
  path: string;
  credential: { token: string; label: string };
  refreshes: boolean;
  refreshFailed: boolean;
  rejectedAt: number | null;
  calls: DemoStepOf<'request'>[];
}

async function enter(lab: Lab, strategy: DemoStrategy): Promise<Contender> {
  const client = new DemoClient(lab, strategy);
  const login = await client.login();
  if (login.status !== 200) throw new Error(`login for ${strategy} answered ${login.status}`);
  const path = strategy === 'hybrid' ? '/api/me' : `/demo/strategy/${strategy}/me`;
  let credential = { token: client.access?.token ?? '', label: client.access?.label ?? '' };
  if (strategy === 'server-session') credential = { token: client.sessionId ?? '', label: 'session id' };
  if (strategy === 'stateless-jwt' || strategy === 'jwt-denylist') {
    const jwt = await mintLongLivedJwt(lab.gatehouse, client.userId ?? '', client.sessionId ?? '', LONG_JWT_LIFETIME);
    credential = { token: jwt.token, label: lab.nextLabel('jwt') };
    await lab.note(`The ${STRATEGY_LABELS[strategy]} app issues its own ${LONG_JWT_LIFETIME / 60}-minute JWT (${credential.label}).`);
    await lab.lifetime('access', credential.label, jwt.iat, jwt.exp);
  }
  return { strategy, client, path, credential, refreshes: strategy === 'access-refresh' || strategy === 'hybrid', refreshFailed: false, rejectedAt: null, calls: [] };
}

async function call(c: Contender): Promise<void> {
  if (c.refreshes && !c.refreshFailed && c.client.accessLeft() <= CADENCE) {
    const r = await c.client.refresh();
    if (r.status === 200) c.credential = { token: c.client.access?.token ?? '', label: c.client.access?.label ?? '' };
    // the access token in hand keeps working until it expires: that is the point of this strategy
    else c.refreshFailed = true;
  }
  const answer = await c.client.me(c.path, c.credential);
  c.calls.push(answer.step);
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
  const revokedAt = lab.clock.now();
  for (const c of contenders) {
    await lab.admin('revoke session', c.client.sessionLabel(), () => lab.gatehouse.sessions.revokeSession(c.client.sessionId ?? '', 'demo lab: strategy comparison', ADMIN));
    await c.client.sessionEnded('revoked');
  }
  const bound = LONG_JWT_LIFETIME + SLOW_CADENCE;
  await lab.note('The admin revoked all five sessions; each client calls again at once, then on its cadence until it is refused.');
  // the very next call of each comes in the second of the revoke
  for (let since = 0; ; ) {
    const live = contenders.filter((c) => c.rejectedAt === null);
    if (!live.length) break;
    // nothing changes for a long while: no pauses, so the demo does not drag
    lab.fastForward = since >= CLOSE_WATCH;
    for (const c of live) await call(c);
    const step = since < CLOSE_WATCH ? CADENCE : SLOW_CADENCE;
    if (since + step > bound) break;
    if (since < CLOSE_WATCH && since + step >= CLOSE_WATCH && contenders.some((c) => c.rejectedAt === null))
      await lab.note('Only long-lived tokens are still accepted; from now on the clients call once a minute.');
    await lab.advance(step, false);
    since += step;
  }
  lab.fastForward = false;
  const results = contenders.map((c) => {
    const reads = c.calls.reduce((n, s) => n + (s.storeReads ?? 0), 0);
    const writes = c.calls.reduce((n, s) => n + (s.storeWrites ?? 0), 0);
    const measured = c.calls.every((s) => s.storeReads !== null);
    return {
      strategy: c.strategy, requests: c.calls.length, measured,
      readsPerRequest: c.calls.length ? +(reads / c.calls.length).toFixed(2) : 0,
      writesPerRequest: c.calls.length ? +(writes / c.calls.length).toFixed(2) : 0,
      windowSeconds: c.rejectedAt === null ? null : c.rejectedAt - revokedAt,
    };
  });
  for (const r of results)
    await lab.record({ kind: 'strategy', strategy: r.strategy, label: STRATEGY_LABELS[r.strategy], requests: r.requests, readsPerRequest: r.readsPerRequest, writesPerRequest: r.writesPerRequest, windowSeconds: r.windowSeconds, boundSeconds: bound });
  const hybrid = results.find((r) => r.strategy === 'hybrid')!;
  return verdictOf(
    [
      { label: 'every strategy made requests and the server reported its store calls for each', pass: results.every((r) => r.requests > 0 && r.measured) },
      { label: `hybrid: ${hybrid.readsPerRequest} store reads per request`, pass: hybrid.readsPerRequest === 0 },
      { label: `hybrid: revoked user refused after ${hybrid.windowSeconds ?? 'never'} s`, pass: hybrid.windowSeconds === 0 },
    ],
    `The hybrid refused the revoked user at once with no store read per request; ${results
      .filter((r) => r.strategy !== 'hybrid')
      .map((r) => `${STRATEGY_LABELS[r.strategy]}: ${r.readsPerRequest} reads, ${r.windowSeconds === null ? `still accepted after ${bound} s` : `${r.windowSeconds} s`}`)
      .join('; ')}.`,
  );
};
