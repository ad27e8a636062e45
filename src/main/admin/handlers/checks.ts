import { AuthError } from '../../auth/errors';
import type { AppChecks } from '../../auth/app-checks/run-checks';
import type { DomainHandlers } from './types';

/** App checks (issue 20): runs against a developer's API, and the runs kept. */
export function checkHandlers({ checks }: { checks: AppChecks }): DomainHandlers<'checks'> {
  return {
    'checks.api': (request) => checks.run(request),
    'checks.list': (request) => checks.history.list(request?.target),
    'checks.get': async ({ runId }) => {
      const run = await checks.history.get(runId);
      if (!run) throw new AuthError('not_found', `no kept app-checks run ${runId}`);
      return run;
    },
  };
}
