import { describe, expect, it } from 'vitest';
import {
  DEMO_STRATEGIES,
  type DemoStep,
  type DemoStepBody,
  type DemoStepOf,
  type DemoStrategy,
  type DemoVerdict,
} from '../../src/shared/demo';
import {
  happyPathVerdict,
  keyCompromiseVerdict,
  measureStrategies,
  roleChangeVerdict,
  RUN_STOPPED,
  sameVerdict,
  shortKid,
  stolenAccessVerdict,
  stolenRefreshVerdict,
  strategiesVerdict,
  strategyPath,
  verdictFor,
} from '../../src/shared/demo-verdicts';

/**
 * The verdict rules as pure functions of steps, without a server: each scenario's steps as a real
 * run records them, then one fact changed at a time, and the check that should notice it does.
 */
const T0 = 1_800_000_000;

/** Records steps as the lab does: numbered in order, at the current virtual time. */
class Steps {
  readonly list: DemoStep[] = [];
  now = T0;
  add(body: DemoStepBody): DemoStep {
    const step = { ...body, seq: this.list.length, at: this.now } as DemoStep;
    this.list.push(step);
    return step;
  }
  advance(seconds: number) {
    this.now += seconds;
    this.add({ kind: 'clock', advanced: seconds, now: this.now });
  }
  request(
    actor: string,
    method: 'GET' | 'POST',
    path: string,
    status: number,
    o: { token?: string; reason?: string; reads?: number | null; writes?: number | null; ver?: number } = {},
  ) {
    return this.add({
      kind: 'request',
      actor,
      method,
      path,
      status,
      tokenLabel: o.token ?? null,
      reason: o.reason ?? null,
      storeReads: o.reads === undefined ? 0 : o.reads,
      storeWrites: o.writes === undefined ? 0 : o.writes,
      ...(o.ver === undefined ? {} : { bodyVer: o.ver }),
    });
  }
  me(
    actor: string,
    token: string,
    status = 200,
    reason?: string,
    o: { path?: string; reads?: number | null; writes?: number; ver?: number } = {},
  ) {
    return this.request(actor, 'GET', o.path ?? '/api/me', status, {
      token,
      reason,
      reads: o.reads,
      writes: o.writes,
      ver: o.ver,
    });
  }
  /** The pair a login or refresh hands out: an access token (with its kid and ver) and a refresh token. */
  pair(access: string, refresh: string, kid = 'kid-one', ver = 0) {
    this.add({
      kind: 'lifetime',
      of: 'access',
      label: access,
      from: this.now,
      to: this.now + 60,
      ended: null,
      kid,
      ver,
    });
    this.add({ kind: 'lifetime', of: 'refresh', label: refresh, from: this.now, to: this.now + 1800, ended: null });
  }
  login(actor: string, access: string, refresh: string, kid?: string, ver?: number) {
    this.request(actor, 'POST', '/auth/login', 200);
    this.pair(access, refresh, kid, ver);
  }
  refresh(
    actor: string,
    presented: string,
    status: number,
    next?: { access: string; refresh: string; kid?: string; ver?: number },
    o: { reads?: number; writes?: number } = {},
  ) {
    const step = this.request(actor, 'POST', '/auth/refresh', status, {
      token: presented,
      reason: status === 200 ? undefined : 'invalid_grant',
      ...o,
    });
    if (next) this.pair(next.access, next.refresh, next.kid, next.ver);
    return step;
  }
  state(subject: string, property: string, value: string | number | null) {
    return this.add({ kind: 'state', subject, property, value });
  }
  admin(action: string, target: string) {
    return this.add({ kind: 'admin', action, target });
  }
}

/** Changes one recorded step, as someone editing a saved file would. */
function edit(steps: DemoStep[], pick: (s: DemoStep) => boolean, change: Record<string, unknown>, nth = 0): DemoStep[] {
  const at = steps.filter(pick)[nth];
  if (!at) throw new Error('no such step to edit');
  return steps.map((s) => (s === at ? ({ ...s, ...change } as DemoStep) : s));
}
const isReq = (actor: string, path: string) => (s: DemoStep) =>
  s.kind === 'request' && s.actor === actor && s.path === path;
const failedChecks = (v: DemoVerdict) => v.checks.filter((c) => !c.pass).map((c) => c.label);

function happyPath(): DemoStep[] {
  const s = new Steps();
  s.login('client', 'access #1', 'refresh #1');
  s.me('client', 'access #1');
  for (const [n, refresh] of [
    [2, 'refresh #1'],
    [3, 'refresh #2'],
  ] as const) {
    s.advance(20);
    s.me('client', `access #${n - 1}`);
    s.advance(20);
    s.refresh('client', refresh, 200, { access: `access #${n}`, refresh: `refresh #${n}` });
    s.me('client', `access #${n}`);
  }
  s.request('client', 'POST', '/auth/logout', 204, { token: 'access #3' });
  s.me('client', 'access #3', 401, 'session_revoked');
  s.state('session of client', 'status', 'revoked');
  return s.list;
}

function stolenAccess(): DemoStep[] {
  const s = new Steps();
  s.login('victim', 'access #1', 'refresh #1');
  s.me('victim', 'access #1');
  s.me('attacker', 'access #1');
  s.advance(10);
  s.me('victim', 'access #1');
  s.me('attacker', 'access #1');
  s.admin('revoke session', 'session of victim');
  s.me('victim', 'access #1', 401, 'session_revoked');
  s.me('attacker', 'access #1', 401, 'session_revoked');
  return s.list;
}

function stolenRefresh(): DemoStep[] {
  const s = new Steps();
  s.login('victim', 'access #1', 'refresh #1');
  s.me('victim', 'access #1');
  s.advance(10);
  s.refresh('attacker', 'refresh #1', 200, { access: 'access #2', refresh: 'refresh #2' });
  s.me('attacker', 'access #2');
  s.advance(30);
  s.refresh('victim', 'refresh #1', 401);
  s.state('session of victim', 'status', 'revoked');
  s.state('session of victim', 'revokedReason', 'refresh token reuse detected');
  s.refresh('attacker', 'refresh #2', 401);
  s.me('victim', 'access #1', 401, 'session_revoked');
  s.me('attacker', 'access #2', 401, 'session_revoked');
  return s.list;
}

function keyCompromise(): DemoStep[] {
  const s = new Steps();
  s.state('key ring', 'active kid', 'kid-old-0123');
  s.login('user', 'access #1', 'refresh #1', 'kid-old-0123');
  s.me('user', 'access #1');
  s.advance(10);
  s.admin('emergency-revoke key', shortKid('kid-old-0123'));
  s.state('key ring', 'active kid', 'kid-new-4567');
  s.me('user', 'access #1', 401, 'key_revoked');
  s.refresh('user', 'refresh #1', 200, { access: 'access #2', refresh: 'refresh #2', kid: 'kid-new-4567' });
  s.state('session of user', 'status', 'active');
  s.me('user', 'access #2');
  return s.list;
}

function roleChange(): DemoStep[] {
  const s = new Steps();
  s.login('user', 'access #1', 'refresh #1', 'kid-one', 0);
  s.me('user', 'access #1', 200, undefined, { ver: 0 });
  s.advance(10);
  s.admin('bump token version', 'alice (ver 0 → 1)');
  s.state('alice', 'token version', 1);
  s.me('user', 'access #1', 401, 'version_stale');
  s.refresh('user', 'refresh #1', 200, { access: 'access #2', refresh: 'refresh #2', ver: 1 });
  s.me('user', 'access #2', 200, undefined, { ver: 1 });
  return s.list;
}

/** Five clients: calls at +0 and +10, the revoke at +15, then calls until each is refused (the stateless one never). */
function strategies(): DemoStep[] {
  const s = new Steps();
  const cost: Record<DemoStrategy, { reads: number; writes: number }> = {
    'server-session': { reads: 1, writes: 1 },
    'stateless-jwt': { reads: 0, writes: 0 },
    'jwt-denylist': { reads: 1, writes: 0 },
    'access-refresh': { reads: 0, writes: 0 },
    hybrid: { reads: 0, writes: 0 },
  };
  for (const strategy of DEMO_STRATEGIES) s.login(strategy, `access of ${strategy}`, `refresh of ${strategy}`);
  const call = (strategy: DemoStrategy, status = 200, reason?: string) =>
    s.me(strategy, `access of ${strategy}`, status, reason, { path: strategyPath(strategy), ...cost[strategy] });
  for (const strategy of DEMO_STRATEGIES) call(strategy);
  s.advance(10);
  // the two refreshing clients renew once: the rotation and its audit entry are writes
  for (const strategy of ['access-refresh', 'hybrid'] as const)
    s.refresh(
      strategy,
      `refresh of ${strategy}`,
      200,
      { access: `access of ${strategy}`, refresh: `refresh 2 of ${strategy}` },
      { reads: 0, writes: 4 },
    );
  for (const strategy of DEMO_STRATEGIES) call(strategy);
  s.advance(5);
  for (const strategy of DEMO_STRATEGIES) s.admin('revoke session', `session of ${strategy}`);
  for (const strategy of ['server-session', 'jwt-denylist', 'hybrid'] as const) call(strategy, 401, 'session_revoked');
  call('stateless-jwt');
  call('access-refresh');
  s.advance(40);
  call('stateless-jwt');
  call('access-refresh', 401, 'token_expired');
  return s.list;
}

describe('verdicts recomputed from steps alone', () => {
  it('happy path: passes as recorded; a refused call, a refresh that handed back the same token, or a session left active fails its check', () => {
    expect(happyPathVerdict(happyPath())).toEqual({
      pass: true,
      summary: 'The client stayed signed in through 2 silent refreshes and 5 calls; logout ended it at once.',
      checks: [
        { label: 'all 5 calls to /api/me answered 200', pass: true },
        { label: '2 silent refreshes, each 200', pass: true },
        { label: 'every refresh rotated the refresh token (a new one each time)', pass: true },
        { label: 'logout answered 204', pass: true },
        { label: 'after logout /api/me answered 401 session_revoked', pass: true },
        { label: 'the session is revoked in the store', pass: true },
      ],
    });
    expect(
      failedChecks(
        happyPathVerdict(edit(happyPath(), isReq('client', '/api/me'), { status: 401, reason: 'token_expired' }, 2)),
      ),
    ).toEqual(['all 5 calls to /api/me answered 200']);
    // the second refresh presented the token the first one had presented: nothing was rotated
    expect(
      failedChecks(
        happyPathVerdict(edit(happyPath(), isReq('client', '/auth/refresh'), { tokenLabel: 'refresh #1' }, 1)),
      ),
    ).toEqual(['every refresh rotated the refresh token (a new one each time)']);
    const active = happyPathVerdict(edit(happyPath(), (s) => s.kind === 'state', { value: 'active' }));
    expect(active).toMatchObject({ pass: false, summary: 'Failed: the session is revoked in the store' });
  });

  it('stolen access token: both refused in the second of the revoke, before the token expires', () => {
    const verdict = stolenAccessVerdict(stolenAccess());
    expect(verdict).toMatchObject({
      pass: true,
      summary:
        'Both copies of the token were refused on their very next call, 50 s before the token would have expired.',
    });
    expect(verdict.checks.every((c) => c.pass)).toBe(true);
    expect(
      failedChecks(
        stolenAccessVerdict(edit(stolenAccess(), isReq('attacker', '/api/me'), { status: 200, reason: null }, 2)),
      ),
    ).toEqual(["the attacker's very next call: 401 session_revoked"]);
    const late = edit(stolenAccess(), isReq('victim', '/api/me'), { at: T0 + 11 }, 2);
    expect(failedChecks(stolenAccessVerdict(late))).toEqual([
      "both rejected in the second of the revoke, 50 s before the token's exp",
    ]);
  });

  it('stolen refresh token: the reuse must present the stolen token and revoke the session for reuse', () => {
    expect(stolenRefreshVerdict(stolenRefresh())).toMatchObject({ pass: true });
    expect(
      failedChecks(
        stolenRefreshVerdict(edit(stolenRefresh(), isReq('victim', '/auth/refresh'), { tokenLabel: 'refresh #7' })),
      ),
    ).toEqual(["the victim's refresh with the same token: 401 (a reuse)"]);
    const logout = edit(stolenRefresh(), (s) => s.kind === 'state' && s.property === 'revokedReason', {
      value: 'logout',
    });
    expect(failedChecks(stolenRefreshVerdict(logout))).toEqual(['reuse detection revoked the whole session']);
    // a 401 from a token that had expired anyway shows nothing
    const expired = edit(stolenRefresh(), (s) => s.kind === 'lifetime' && s.label === 'access #2', { to: T0 + 10 });
    expect(failedChecks(stolenRefreshVerdict(expired))).toEqual([
      "the attacker's unexpired access token: 401 session_revoked",
    ]);
  });

  it('key compromise: the refreshed token must carry the kid the ring made active', () => {
    expect(keyCompromiseVerdict(keyCompromise())).toMatchObject({
      pass: true,
      summary: expect.stringContaining('key kid-new-'),
    });
    const oldKid = edit(keyCompromise(), (s) => s.kind === 'lifetime' && s.label === 'access #2', {
      kid: 'kid-old-0123',
    });
    expect(failedChecks(keyCompromiseVerdict(oldKid))).toEqual(['the new token carries the new kid (key kid-new-)']);
    const expired = edit(keyCompromise(), isReq('user', '/api/me'), { reason: 'token_expired' }, 1);
    expect(failedChecks(keyCompromiseVerdict(expired))).toEqual([
      'right after the revoke it is refused: 401 key_revoked',
    ]);
  });

  it('role change: the token version the store reports, the refreshed token and /api/me must agree', () => {
    expect(roleChangeVerdict(roleChange())).toMatchObject({
      pass: true,
      summary: 'Every token with ver 0 died at once; the refreshed token carries ver 1 and the new claims.',
    });
    expect(failedChecks(roleChangeVerdict(edit(roleChange(), isReq('user', '/api/me'), { bodyVer: 0 }, 2)))).toEqual([
      '/api/me accepts it and sees ver 1',
    ]);
    const skipped = roleChangeVerdict(edit(roleChange(), (s) => s.kind === 'state', { value: 2 }));
    expect(failedChecks(skipped)).toEqual(['the new token carries ver 2', '/api/me accepts it and sees ver 2']);
  });

  it('strategy comparison: costs per request count each client’s refreshes; the hybrid verifies for free and refuses at once', () => {
    const measured = Object.fromEntries(measureStrategies(strategies()).map((m) => [m.strategy, m]));
    expect(measured.hybrid).toMatchObject({
      requests: 3,
      refreshes: 1,
      callReadsPerRequest: 0,
      callWritesPerRequest: 0,
      readsPerRequest: 0,
      writesPerRequest: 1.33,
      windowSeconds: 0,
      measured: true,
    });
    expect(measured['server-session']).toMatchObject({
      requests: 3,
      refreshes: 0,
      readsPerRequest: 1,
      writesPerRequest: 1,
      windowSeconds: 0,
    });
    expect(measured['access-refresh']).toMatchObject({
      requests: 4,
      refreshes: 1,
      readsPerRequest: 0,
      writesPerRequest: 1,
      windowSeconds: 40,
    });
    expect(measured['stateless-jwt']).toMatchObject({ requests: 4, windowSeconds: null, boundSeconds: 3660 });
    expect(strategiesVerdict(strategies())).toMatchObject({ pass: true });

    const reading = edit(strategies(), isReq('hybrid', '/api/me'), { storeReads: 1 });
    expect(failedChecks(strategiesVerdict(reading))).toEqual([
      'hybrid: 0.33 store reads and 0 writes to verify a request',
    ]);
    const slow = edit(strategies(), isReq('hybrid', '/api/me'), { status: 200, reason: null }, 2);
    expect(failedChecks(strategiesVerdict(slow))).toEqual(['hybrid: revoked user never refused within 3660 s']);
    const unmeasured = edit(strategies(), isReq('access-refresh', '/auth/refresh'), { storeReads: null });
    expect(failedChecks(strategiesVerdict(unmeasured))).toEqual([
      'every strategy made requests and the server reported its store calls for each, refreshes included',
    ]);
  });

  it('a run whose login failed, or that stopped with an error, fails with that and nothing else', () => {
    expect(verdictFor('role-change', edit(roleChange(), isReq('user', '/auth/login'), { status: 429 }))).toEqual({
      pass: false,
      summary: "Failed: the user's login answered 429",
      checks: [{ label: "the user's login answered 429", pass: false }],
    });
    const stopped = [
      ...stolenAccess().slice(0, 3),
      { kind: 'note', text: `${RUN_STOPPED}fetch failed`, seq: 3, at: T0 } as DemoStepOf<'note'>,
    ];
    expect(verdictFor('stolen-access', stopped)).toEqual({
      pass: false,
      summary: 'The run stopped with an error: fetch failed',
      checks: [],
    });
  });

  it('verdictFor applies each scenario’s own rules; sameVerdict compares outcome, summary and every check', () => {
    expect(verdictFor('happy-path', happyPath())).toEqual(happyPathVerdict(happyPath()));
    expect(verdictFor('strategies', strategies())).toEqual(strategiesVerdict(strategies()));
    // the steps of one scenario judged by another's rules do not pass
    expect(verdictFor('key-compromise', happyPath()).pass).toBe(false);
    const v = stolenAccessVerdict(stolenAccess());
    expect(sameVerdict(v, structuredClone(v))).toBe(true);
    expect(sameVerdict(v, { ...v, summary: 'tampered' })).toBe(false);
    expect(sameVerdict(v, { ...v, checks: v.checks.map((c, i) => (i === 1 ? { ...c, pass: false } : c)) })).toBe(false);
    expect(sameVerdict(v, { ...v, checks: v.checks.slice(1) })).toBe(false);
  });
});
