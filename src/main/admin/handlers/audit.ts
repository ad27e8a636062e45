import { namedAuditViews } from './names';
import type { AdminContext, DomainHandlers } from './types';

export const auditHandlers = ({ gatehouse: g }: AdminContext): DomainHandlers<'audit'> => ({
  'audit.list': async (q) => namedAuditViews(g, await g.store.listAudit(q)),
});
