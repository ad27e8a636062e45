import type { AdminContext, DomainHandlers } from './types';

export const auditHandlers = ({ gatehouse: g }: AdminContext): DomainHandlers<'audit'> => ({
  'audit.list': async (q) => g.store.listAudit(q),
});
