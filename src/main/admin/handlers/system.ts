import type { AdminContext, DomainHandlers } from './types';

export const systemHandlers = (ctx: AdminContext): DomainHandlers<'system'> => ({
  'system.info': async () => ({
    version: ctx.version,
    store: ctx.gatehouse.store.kind,
    authUrl: ctx.authUrl(),
    issuer: ctx.gatehouse.settings.get().issuer,
    mode: ctx.mode,
    virtualClock: !!ctx.virtualClock,
    instance: ctx.instance ?? 'live',
  }),
});
