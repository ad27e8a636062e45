/**
 * Scenario 7, app checks (issue 20): two sample APIs start next to the sandbox, one verifying
 * tokens with `@gatehouse/verifier`, one with jose's `jwtVerify` only (signature, exp, iss, aud),
 * and the checks engine runs its battery against each. Every case's verdict is recorded as a
 * `state` step (subject: the API, property: the case), so the verdict rule and a replay see what
 * each API answered.
 */
import { CHECK_CASE_SPECS } from '../../shared/app-checks';
import { APP_CHECKS_SUBJECTS } from '../../shared/demo-verdicts';
import { ORDERS_PATH } from '../../../examples/app-checks';
import { appChecksOf } from '../auth/app-checks/run-checks';
import type { ScenarioRun } from './lab';
import { startSandboxApis } from './sample-apis';

export const runAppChecks: ScenarioRun = async (lab) => {
  const apis = await startSandboxApis(lab.gatehouse, lab.clock, lab.authUrl);
  try {
    await lab.note(
      `Two APIs start next to the sandbox with one route, GET ${ORDERS_PATH}: the first verifies tokens with @gatehouse/verifier, the second with jose's jwtVerify (signature, exp, iss, aud) as its README shows.`,
    );
    const targets = [
      [APP_CHECKS_SUBJECTS.verifier, apis.verifier],
      [APP_CHECKS_SUBJECTS.signatureOnly, apis.signatureOnly],
    ] as const;
    for (const [subject, api] of targets) {
      const url = `${api.url}${ORDERS_PATH}`;
      const run = await lab.admin('run app checks', `${subject}: GET ${url}`, () =>
        appChecksOf(lab.gatehouse).run({ url }),
      );
      for (const r of run.results) await lab.observe(subject, r.case, r.verdict);
      const flagged = run.results.filter((r) => !r.pass && r.verdict !== 'skipped');
      await lab.note(
        flagged.length === 0
          ? `${subject}: every case as expected.`
          : `${subject}: ${flagged.length} flagged: ${flagged.map((r) => CHECK_CASE_SPECS[r.case].label.toLowerCase()).join('; ')}.`.slice(
              0,
              1000,
            ),
      );
    }
  } finally {
    await apis.close();
  }
};
