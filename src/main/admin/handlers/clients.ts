import { AuthError } from '../../auth/errors';
import { ADMIN, type AdminServices, type DomainHandlers } from './types';
import { toClientView } from './views';

export function clientHandlers({
  queries,
  clients,
}: Pick<AdminServices, 'queries' | 'clients'>): DomainHandlers<'clients'> {
  const require = async (clientId: string) => {
    const client = await clients.get(clientId);
    if (!client) throw new AuthError('not_found', `no client ${clientId}`);
    return client;
  };
  return {
    'clients.list': async () => {
      const [all, usage] = await Promise.all([clients.list(), queries.clientUsage()]);
      return all.map((c) => toClientView(c, usage.get(c.id)));
    },
    'clients.get': async ({ clientId }) => {
      const [client, usage] = await Promise.all([require(clientId), queries.clientUsage()]);
      return toClientView(client, usage.get(clientId));
    },
    'clients.create': async ({ clientId, ...registration }) => {
      const { client, secret } = await clients.create({ ...registration, clientId }, ADMIN);
      return { ...toClientView(client), ...(secret === null ? {} : { clientSecret: secret }) };
    },
    'clients.update': async ({ clientId, ...patch }) => {
      const client = await clients.update(clientId, patch, ADMIN);
      return toClientView(client, (await queries.clientUsage()).get(clientId));
    },
    'clients.delete': async ({ clientId }) => {
      await clients.delete(clientId, ADMIN);
      return { deleted: true };
    },
    'clients.rotateSecret': async ({ clientId }) => {
      const { client, secret } = await clients.rotateSecret(clientId, ADMIN);
      return { ...toClientView(client), clientSecret: secret! };
    },
  };
}
