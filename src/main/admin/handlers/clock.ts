import { AuthError } from '../../auth/errors';
import { ADMIN, type AdminInstance, type AdminServices, type DomainHandlers } from './types';

/**
 * The virtual clock, for test suites that drive the instance's time (and the sandbox's own);
 * `clock_disabled` without it.
 */
export function clockHandlers(
  { audit, tick }: Pick<AdminServices, 'audit' | 'tick'>,
  ctx: Pick<AdminInstance, 'virtualClock'>,
): DomainHandlers<'clock'> {
  const clock = () => {
    if (!ctx.virtualClock)
      throw new AuthError('clock_disabled', 'the virtual clock is off; start with --virtual-clock to use it');
    return ctx.virtualClock;
  };
  return {
    'clock.get': async () => clock().state(),
    'clock.set': async (req) => {
      clock().set(req);
      await audit.record('clock.set', ADMIN, 'clock', req);
      return clock().state();
    },
    'clock.advance': async ({ seconds }) => {
      clock().advance(seconds);
      await audit.record('clock.advanced', ADMIN, 'clock', { seconds });
      await tick();
      return clock().state();
    },
    'clock.reset': async () => {
      const before = clock().state();
      clock().reset();
      await audit.record('clock.reset', ADMIN, 'clock', {
        from: before.now,
        rate: before.rate,
        paused: before.paused,
      });
      await tick();
      return clock().state();
    },
  };
}
