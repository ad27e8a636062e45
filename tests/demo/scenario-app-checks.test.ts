/**
 * The demo lab's app checks scenario: the engine's battery against the sandbox's two sample APIs.
 * The verifier API refuses every bad token; the signature-only one the forgeries but no revocation.
 * Its verdict is computed from the recorded steps, as a replay does.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoRunSchema, type DemoRun, type DemoStepOf } from '../../src/shared/demo';
import { appChecksVerdict, verdictFor } from '../../src/shared/demo-verdicts';
import { startDemoLab, type DemoFixture } from './demo-fixture';

let fx: DemoFixture;
let run: DemoRun;
beforeAll(async () => {
  fx = await startDemoLab();
  run = await fx.engine.run('app-checks', 'instant');
}, 60_000);
afterAll(() => fx?.close());

const answers = (subject: string) =>
  Object.fromEntries(
    run.steps
      .filter((s): s is DemoStepOf<'state'> => s.kind === 'state' && s.subject === subject)
      .map((s) => [s.property, s.value]),
  );

it('passes: the verifier API refuses every bad token, the signature-only API accepts the revoked ones', () => {
  expect(run.verdict.pass, run.verdict.summary).toBe(true);
  expect(verdictFor('app-checks', run.steps)).toEqual(run.verdict);
  expect(demoRunSchema.safeParse(run).success).toBe(true);
});

it("records each API's answer to each case: the signature-only API accepted the four revocation cases", () => {
  const verifier = answers('verifier API');
  const sigOnly = answers('signature-only API');
  expect(verifier['valid-baseline']).toBe('accepted');
  expect(verifier['revoked-session']).toBe('refused');
  expect(verifier['id-token-as-access-token']).toBe('refused');
  expect(sigOnly).toMatchObject({
    'valid-baseline': 'accepted',
    expired: 'refused',
    'alg-none': 'refused',
    'hs256-public-key': 'refused',
    'revoked-session': 'accepted',
    'denylisted-jti': 'accepted',
    'user-version-raised': 'accepted',
    'disabled-user': 'accepted',
  });
});

it('fails, naming the case, when the verifier API accepted a bad token', () => {
  const steps = run.steps.map((s) =>
    s.kind === 'state' && s.subject === 'verifier API' && s.property === 'revoked-session'
      ? { ...s, value: 'accepted' }
      : s,
  );
  const verdict = appChecksVerdict(steps);
  expect(verdict.pass).toBe(false);
  expect(verdict.summary).toBe('Failed: verifier API: not as expected: revoked-session');
});
