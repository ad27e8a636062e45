import { AuthError } from '../../auth/errors';
import { ADMIN, type AdminContext, type DomainHandlers } from './types';

/**
 * The virtual clock, for test suites that drive the instance's time (and the sandbox's own);
 * `clock_disabled` without it.
 */
export function clockHandlers(ctx: AdminContext): DomainHandlers<'clock'> {
  const g = ctx.gatehouse;
  const clock = () => {
    if (!ctx.virtualClock)
      throw new AuthError('clock_disabled', 'the virtual clock is off; start with --virtual-clock to use it');
    return ctx.virtualClock;
  };
  return {
    'clock.get': async () => clock().state(),
    'clock.set': async (req) => {
      clock().set(req);
      await g.audit.record('clock.set', ADMIN, 'clock', req);
      return clock().state();
    },
    'clock.advance': async ({ seconds }) => {
      clock().advance(seconds);
      await g.audit.record('clock.advanced', ADMIN, 'clock', { seconds });
      await g.tick();
      return clock().state();
    },
    'clock.reset': async () => {
      const before = clock().state();
      clock().reset();
      await g.audit.record('clock.reset', ADMIN, 'clock', {
        from: before.now,
        rate: before.rate,
        paused: before.paused,
      });
      await g.tick();
      return clock().state();
    },
  };
}
