import { AuthError } from '../../auth/errors';
import { SCENARIOS } from '../../demo/catalogue';
import type { AdminInstance, DomainHandlers } from './types';

const SCENARIO_LIST = SCENARIOS.map(({ id, title, explanation, actors }) => ({ id, title, explanation, actors }));

/** The demo lab: the same on the live AdminApi and the sandbox's, since every run is in the sandbox. */
export const demoHandlers = (ctx: Pick<AdminInstance, 'demo'>): DomainHandlers<'demo'> => {
  const lab = () => {
    if (!ctx.demo) throw new AuthError('invalid_state', 'this admin service has no demo lab');
    return ctx.demo;
  };
  return {
    'demo.scenarios': async () => SCENARIO_LIST,
    'demo.run': async ({ scenario, pace }) => lab().run(scenario, pace),
    'demo.sandbox': async () => lab().state(),
    'demo.reset': async () => lab().reset(),
  };
};
