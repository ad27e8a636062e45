import type { AdminInstance, AdminServices, DomainHandlers } from './types';

export const systemHandlers = (
  { queries, settings }: Pick<AdminServices, 'queries' | 'settings'>,
  ctx: AdminInstance,
): DomainHandlers<'system'> => ({
  'system.info': async () => ({
    version: ctx.version,
    store: queries.storeKind,
    authUrl: ctx.authUrl(),
    issuer: settings.get().issuer,
    mode: ctx.mode,
    virtualClock: !!ctx.virtualClock,
    instance: ctx.instance ?? 'live',
    testHooks: ctx.testHooks === true,
  }),
});
