import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoRunSchema, type DemoRun, type DemoStepOf } from '../../src/shared/demo';
import { verdictFor } from '../../src/shared/demo-verdicts';
import { describeRequests, requests, startDemoLab, type DemoFixture } from './demo-fixture';

let fx: DemoFixture;
/** The server's verdict is the one its rules give for the recorded steps, which is what a replay recomputes. */
const expectVerdictFromSteps = (run: DemoRun) => expect(verdictFor(run.scenario, run.steps)).toEqual(run.verdict);
beforeEach(async () => {
  fx = await startDemoLab();
});
afterEach(async () => {
  await fx.close();
});

describe('demo lab scenarios (real auth server, virtual clock)', () => {
  it('happy path: calls on a cadence, silent refreshes that rotate, logout ends it', async () => {
    const run = await fx.engine.run('happy-path', 'instant');
    expect(run.verdict.pass, run.verdict.summary).toBe(true);
    expectVerdictFromSteps(run);
    expect(demoRunSchema.safeParse(run).success).toBe(true);
    const refreshes = requests(run.steps).filter((s) => s.path === '/auth/refresh');
    expect(refreshes.length).toBeGreaterThanOrEqual(3);
    expect(refreshes.every((s) => s.status === 200)).toBe(true);
    // each refresh presented the token the previous one handed out
    expect(refreshes.map((s) => s.tokenLabel)).toEqual(refreshes.map((_, i) => `refresh #${i + 1}`));
    const log = describeRequests(run.steps);
    expect(log[0]).toBe('client POST /auth/login 200');
    expect(log.slice(-2)).toEqual(['client POST /auth/logout 204', 'client GET /api/me 401 session_revoked']);
    // time passed on the virtual clock only: several access-token lifetimes in one run
    const clock = run.steps.filter((s) => s.kind === 'clock');
    expect(clock.reduce((n, s) => n + (s.kind === 'clock' ? s.advanced : 0), 0)).toBeGreaterThanOrEqual(180);
    expect(run.steps.map((s) => s.seq)).toEqual(run.steps.map((_, i) => i));
  });

  it('stolen access token: after the revoke the very next call of both is 401 session_revoked', async () => {
    const run = await fx.engine.run('stolen-access', 'instant');
    expect(run.verdict.pass, run.verdict.summary).toBe(true);
    expectVerdictFromSteps(run);
    expect(describeRequests(run.steps)).toEqual([
      'victim POST /auth/login 200',
      'victim GET /api/me 200',
      'attacker GET /api/me 200',
      'victim GET /api/me 200',
      'attacker GET /api/me 200',
      'victim GET /api/me 401 session_revoked',
      'attacker GET /api/me 401 session_revoked',
    ]);
    const calls = requests(run.steps).filter((s) => s.path === '/api/me');
    expect(new Set(calls.map((s) => s.tokenLabel))).toEqual(new Set(['access #1']));
    expect(run.steps.some((s) => s.kind === 'admin' && s.action === 'revoke session')).toBe(true);
  });

  it('stolen refresh token: exactly three refreshes (200, reuse 401, 401), then both are out', async () => {
    const run = await fx.engine.run('stolen-refresh', 'instant');
    expect(run.verdict.pass, run.verdict.summary).toBe(true);
    expectVerdictFromSteps(run);
    expect(describeRequests(run.steps, '/auth/refresh')).toEqual([
      'attacker POST /auth/refresh 200',
      'victim POST /auth/refresh 401 invalid_grant',
      'attacker POST /auth/refresh 401 invalid_grant',
    ]);
    const refreshes = requests(run.steps).filter((s) => s.path === '/auth/refresh');
    expect(refreshes.map((s) => s.tokenLabel)).toEqual(['refresh #1', 'refresh #1', 'refresh #2']);
    expect(refreshes[1]!.detail).toMatch(/already used/);
    expect(describeRequests(run.steps, '/api/me').slice(-2)).toEqual([
      'victim GET /api/me 401 session_revoked',
      'attacker GET /api/me 401 session_revoked',
    ]);
  });

  it('key compromise: tokens of the revoked key are refused at once; a refresh gets the new kid', async () => {
    const oldKid = fx.gatehouse.ring.signingKey().kid;
    const run = await fx.engine.run('key-compromise', 'instant');
    expect(run.verdict.pass, run.verdict.summary).toBe(true);
    expectVerdictFromSteps(run);
    expect(describeRequests(run.steps)).toEqual([
      'user POST /auth/login 200',
      'user GET /api/me 200',
      'user GET /api/me 401 key_revoked',
      'user POST /auth/refresh 200',
      'user GET /api/me 200',
    ]);
    expect(fx.gatehouse.ring.get(oldKid)?.record.state).toBe('revoked');
    expect(fx.gatehouse.ring.signingKey().kid).not.toBe(oldKid);
    const keys = run.steps.filter((s): s is DemoStepOf<'lifetime'> => s.kind === 'lifetime' && s.of === 'key');
    expect(keys.some((k) => k.ended === 'revoked')).toBe(true);
    // the token the refresh handed out is signed by the new key, the first one by the old
    const accessKids = run.steps.flatMap((s) => (s.kind === 'lifetime' && s.of === 'access' ? [s.kid] : []));
    expect(accessKids).toEqual([oldKid, fx.gatehouse.ring.signingKey().kid]);
  });

  it('role change: the old token is version_stale, the refreshed one carries the new ver', async () => {
    const run = await fx.engine.run('role-change', 'instant');
    expect(run.verdict.pass, run.verdict.summary).toBe(true);
    expectVerdictFromSteps(run);
    expect(describeRequests(run.steps)).toEqual([
      'user POST /auth/login 200',
      'user GET /api/me 200',
      'user GET /api/me 401 version_stale',
      'user POST /auth/refresh 200',
      'user GET /api/me 200',
    ]);
    const alice = await fx.gatehouse.store.getUserByUsername('alice');
    expect(requests(run.steps).at(-1)!.detail).toContain(`ver ${alice!.tokenVersion}`);
  });

  it('strategy comparison: reads and revocation windows measured; the hybrid reads nothing and refuses at once', async () => {
    const run = await fx.engine.run('strategies', 'instant');
    expect(run.verdict.pass, run.verdict.summary).toBe(true);
    expectVerdictFromSteps(run);
    const results: Record<string, DemoStepOf<'strategy'>> = Object.fromEntries(
      run.steps.filter((s): s is DemoStepOf<'strategy'> => s.kind === 'strategy').map((s) => [s.strategy, s]),
    );
    expect(Object.keys(results).sort()).toEqual([
      'access-refresh',
      'hybrid',
      'jwt-denylist',
      'server-session',
      'stateless-jwt',
    ]);
    // verifying a request costs the hybrid no store call; all in, its refresh writes (rotation, audit)
    expect(results.hybrid).toMatchObject({
      callReadsPerRequest: 0,
      callWritesPerRequest: 0,
      readsPerRequest: 0,
      refreshes: 1,
      windowSeconds: 0,
    });
    expect(results.hybrid!.writesPerRequest).toBeGreaterThan(0);
    // a read on every request, a touch on every accepted one
    expect(results['server-session']).toMatchObject({ readsPerRequest: 1, windowSeconds: 0 });
    expect(results['server-session']!.writesPerRequest).toBeGreaterThan(0.5);
    expect(results['jwt-denylist']).toMatchObject({ readsPerRequest: 1, writesPerRequest: 0, windowSeconds: 0 });
    expect(results['access-refresh']!.readsPerRequest).toBe(0);
    // a refresh before the revoke, and the one after it that failed: both counted in its cost
    expect(results['access-refresh']).toMatchObject({ refreshes: 2, callWritesPerRequest: 0 });
    expect(results['access-refresh']!.writesPerRequest).toBeGreaterThan(0);
    // revoked at +65 s; its last access token (from the refresh at +50 s) expires at +110 s, +5 s tolerance
    expect(results['access-refresh']!.windowSeconds).toBeGreaterThan(0);
    expect(results['access-refresh']!.windowSeconds).toBeLessThanOrEqual(60 + 5 + 10);
    expect(results['stateless-jwt']!.readsPerRequest).toBe(0);
    expect(results['stateless-jwt']!.windowSeconds).toBeGreaterThan(3500);
    // the refresh of the access-refresh client after the revoke failed: it is the access token that kept working
    expect(
      describeRequests(run.steps, '/auth/refresh')
        .filter((l) => l.startsWith('access-refresh'))
        .at(-1),
    ).toBe('access-refresh POST /auth/refresh 401 invalid_grant');
    expect(describeRequests(run.steps, '/demo/strategy/stateless-jwt/me').at(-1)).toBe(
      'stateless-jwt GET /demo/strategy/stateless-jwt/me 401 token_expired',
    );
  });

  it('pushes every step as it happens, then the verdict; a second run at the same time is refused', async () => {
    const running = fx.engine.run('stolen-access', 'instant');
    await expect(fx.engine.run('happy-path', 'instant')).rejects.toMatchObject({ code: 'conflict' });
    const run = await running;
    const mine = fx.events.filter((e) => 'runId' in e && e.runId === run.id);
    expect(mine[0]).toMatchObject({ type: 'demo.started', scenario: 'stolen-access' });
    expect(mine.filter((e) => e.type === 'demo.step').map((e) => (e.type === 'demo.step' ? e.step : null))).toEqual(
      run.steps,
    );
    expect(mine.at(-1)).toMatchObject({ type: 'demo.finished', verdict: run.verdict });
    // the clock is left as it was found (paused here)
    expect(fx.clock.state().paused).toBe(true);
  });
});
