import { namedAuditViews } from './names';
import type { AdminServices, DomainHandlers } from './types';

export const auditHandlers = (s: Pick<AdminServices, 'queries'>): DomainHandlers<'audit'> => ({
  'audit.list': async (q) => namedAuditViews(s, await s.queries.listAudit(q)),
});
