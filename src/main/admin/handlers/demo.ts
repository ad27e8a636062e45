import { AuthError } from '../../auth/errors';
import { SCENARIOS } from '../../demo/catalogue';
import type { AdminContext, DomainHandlers } from './types';

const SCENARIO_LIST = SCENARIOS.map(({ id, title, explanation, actors }) => ({ id, title, explanation, actors }));

export const demoHandlers = (ctx: AdminContext): DomainHandlers<'demo'> => ({
  'demo.scenarios': async () => SCENARIO_LIST,
  'demo.run': async ({ scenario, pace }) => {
    if (!ctx.demo)
      throw new AuthError(
        'clock_disabled',
        'the demo lab needs the virtual clock; start with --virtual-clock (or GATEHOUSE_VIRTUAL_CLOCK=1 for the desktop app)',
      );
    return ctx.demo.run(scenario, pace);
  },
});
