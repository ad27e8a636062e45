/**
 * App checks (issue 20) through the admin API of a served Gatehouse on Redis, against the three
 * sample APIs of examples/app-checks: the verifier API refuses every case, the jose API lets the
 * revocations through (flagged), the decode-only API accepts everything (flagged).
 */
import type { TestGatehouse } from '@gatehouse/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORDERS_PATH, type SampleApi } from '../../examples/app-checks';
import { CHECK_CASE_SPECS, CHECK_CASES, type CheckCase, type CheckRun } from '../../src/shared/app-checks';
import { SAMPLE_API_AUDIENCE as AUDIENCE, startSampleApisLab, type SampleApisLab } from '../support/sample-apis';

const REVOCATION_CASES: CheckCase[] = ['revoked-session', 'denylisted-jti', 'user-version-raised', 'disabled-user'];
let lab: SampleApisLab;
let gh: TestGatehouse;
let apis: SampleApisLab['apis'];

const ok = <T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};
const runAgainst = async (api: SampleApi): Promise<CheckRun> =>
  ok(await gh.admin.checks.api({ url: `${api.url}${ORDERS_PATH}`, audience: AUDIENCE }));
const verdicts = (run: CheckRun) => Object.fromEntries(run.results.map((r) => [r.case, r.verdict]));

beforeAll(async () => {
  lab = await startSampleApisLab();
  ({ gh, apis } = lab);
  // the revoked-kid case needs a key the issuer revoked: a run never revokes one itself
  const key = ok(await gh.admin.keys.generate({ alg: 'ES256' }));
  ok(await gh.admin.keys.revoke({ kid: key.kid, reason: 'for the revoked-kid case' }));
}, 60_000);
afterAll(async () => {
  await lab?.close();
});

describe('checks.api against real local APIs', () => {
  it('the @gatehouse/verifier API: the baseline accepted, every other case refused with its 401 challenge', async () => {
    const run = await runAgainst(apis.verifier);
    expect(run).toMatchObject({ state: 'done', baseline: { verdict: 'accepted', status: 200, pass: true } });
    expect(run.results.map((r) => r.case)).toEqual([...CHECK_CASES]);
    for (const result of run.results.slice(1))
      expect(result, result.case).toMatchObject({ verdict: 'refused', status: 401, pass: true, fix: null });
    expect(run.results[1]!.wwwAuthenticate).toMatch(/^Bearer error="invalid_token"/);
  });

  it("jose's jwtVerify with the JWKS: expired refused; the revocations accepted and flagged with their fix", async () => {
    const run = await runAgainst(apis.signatureOnly);
    const v = verdicts(run);
    expect(run.state).toBe('done');
    expect([v.expired, v['not-yet-valid'], v['alg-none'], v['tampered-signature'], v['hs256-public-key']]).toEqual(
      Array(5).fill('refused'),
    );
    for (const c of REVOCATION_CASES) {
      const result = run.results.find((r) => r.case === c)!;
      expect(result, c).toMatchObject({ verdict: 'accepted', status: 200, pass: false });
      expect(result.fix).toMatch(/revocations/);
    }
  });

  it('the decode-only API: every case accepted and flagged', async () => {
    const run = await runAgainst(apis.decodeOnly);
    expect(run.state).toBe('done');
    const flagged = run.results.filter((r) => r.verdict === 'accepted' && !r.pass).map((r) => r.case);
    expect(flagged).toEqual(CHECK_CASES.slice(1));
    expect(run.results.slice(1).every((r) => r.fix === CHECK_CASE_SPECS[r.case].fix)).toBe(true);
  });

  it('keeps the runs: checks.list per target, newest first, and checks.get by id', async () => {
    const target = `${apis.decodeOnly.url}${ORDERS_PATH}`;
    const runs = ok(await gh.admin.checks.list({ target }));
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.every((r) => r.target === target)).toBe(true);
    expect(ok(await gh.admin.checks.get({ runId: runs[0]!.id }))).toEqual(runs[0]);
    expect(await gh.admin.checks.get({ runId: 'no-such-run' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('refuses a target that is neither loopback nor a registered origin, before minting anything', async () => {
    const refused = await gh.admin.checks.api({ url: 'https://api.example.com/orders' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(refused.ok || refused.error.message).toMatch(/neither a loopback address nor an origin registered/);
  });
});
