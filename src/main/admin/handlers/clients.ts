import { AuthError } from '../../auth/errors';
import { ADMIN, type AdminContext, type DomainHandlers } from './types';
import { toClientView } from './views';

export function clientHandlers({ gatehouse: g }: AdminContext): DomainHandlers<'clients'> {
  const require = async (clientId: string) => {
    const client = await g.clients.get(clientId);
    if (!client) throw new AuthError('not_found', `no client ${clientId}`);
    return client;
  };
  return {
    'clients.list': async () => {
      const [clients, usage] = await Promise.all([g.clients.list(), g.store.clientUsage(g.clock.now())]);
      return clients.map((c) => toClientView(c, usage.get(c.id)));
    },
    'clients.get': async ({ clientId }) => {
      const [client, usage] = await Promise.all([require(clientId), g.store.clientUsage(g.clock.now())]);
      return toClientView(client, usage.get(clientId));
    },
    'clients.create': async ({ clientId, ...registration }) => {
      const { client, secret } = await g.clients.create({ ...registration, clientId }, ADMIN);
      return { ...toClientView(client), ...(secret === null ? {} : { clientSecret: secret }) };
    },
    'clients.update': async ({ clientId, ...patch }) => {
      const client = await g.clients.update(clientId, patch, ADMIN);
      return toClientView(client, (await g.store.clientUsage(g.clock.now())).get(clientId));
    },
    'clients.delete': async ({ clientId }) => {
      await g.clients.delete(clientId, ADMIN);
      return { deleted: true };
    },
    'clients.rotateSecret': async ({ clientId }) => {
      const { client, secret } = await g.clients.rotateSecret(clientId, ADMIN);
      return { ...toClientView(client), clientSecret: secret! };
    },
  };
}
