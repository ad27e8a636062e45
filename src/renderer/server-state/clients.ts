import { queryOptions, useQuery } from '@tanstack/react-query';
import type { AdminRequest } from '../../shared/admin-api';
import type { ClientView } from '../../shared/admin-views';
import type { ConsoleTarget } from '../store/app-slice';
import type { ClientPatch } from '../store/clients-slice';
import { useStore } from '../store/store';
import { onInstance, useAdminMutation, useDomainBusy, useInstance } from './admin-query';
import { queryKeys } from './query-keys';

const byName = (a: ClientView, b: ClientView) => a.name.localeCompare(b.name) || a.clientId.localeCompare(b.clientId);

/** The registered clients by name, with their counts (which session events move: see apply-events). */
export const clientsQuery = (instance: ConsoleTarget) =>
  queryOptions({
    queryKey: queryKeys.clients(instance),
    queryFn: async () => [...(await onInstance(instance, (api) => api.clients.list({}))())].sort(byName),
  });

export const useClients = () => useQuery(clientsQuery(useInstance()));

const clientChange = { domain: 'clients', invalidates: (i: ConsoleTarget) => [queryKeys.clients(i)] };

/** The Clients screen's changes, each with its toast; `busy` while any of them runs. */
export function useClientActions() {
  const create = useAdminMutation({
    ...clientChange,
    run: (api, request: AdminRequest<'clients.create'>) => api.clients.create(request),
    success: (c) => `Client ${c.name} registered.`,
  });
  const update = useAdminMutation({
    ...clientChange,
    run: (api, v: { clientId: string; changes: ClientPatch }) =>
      api.clients.update({ clientId: v.clientId, ...v.changes }),
    success: (c) => `Client ${c.name} saved.`,
  });
  const setEnabled = useAdminMutation({
    ...clientChange,
    run: (api, v: { client: ClientView; enabled: boolean }) =>
      api.clients.update({ clientId: v.client.clientId, enabled: v.enabled }),
    success: (_, { client, enabled }) =>
      enabled
        ? `${client.name} enabled: it can get tokens again.`
        : `${client.name} disabled: its own tokens ended, its users' tokens stop at their next refresh.`,
    failure: ({ enabled }) => (enabled ? 'Enable failed' : 'Disable failed'),
  });
  const remove = useAdminMutation({
    ...clientChange,
    run: (api, client: ClientView) => api.clients.delete({ clientId: client.clientId }),
    success: (_, client) => `Client ${client.name} deleted.`,
    failure: 'Delete failed',
  });
  const rotate = useAdminMutation({
    ...clientChange,
    run: (api, client: ClientView) => api.clients.rotateSecret({ clientId: client.clientId }),
    success: (_, client) => `${client.name}: new secret issued; the old one no longer works.`,
    failure: 'Rotate failed',
  });
  const setPanel = useStore((s) => s.setClientPanel);
  return {
    busy: useDomainBusy('clients'),
    /** The created client with its secret (shown once), or the server's refusal. */
    async createClient(request: AdminRequest<'clients.create'>) {
      const result = await create.attempt(request);
      if ('value' in result) setPanel({ mode: 'view', clientId: result.value.clientId });
      return result;
    },
    /** Null when saved, else the server's refusal. */
    async updateClient(clientId: string, changes: ClientPatch) {
      const result = await update.attempt({ clientId, changes });
      return 'error' in result ? result.error : null;
    },
    setClientEnabled: async (client: ClientView, enabled: boolean) => !!(await setEnabled.run({ client, enabled })),
    async deleteClient(client: ClientView) {
      if (!(await remove.run(client))) return false;
      const panel = useStore.getState().clients.panel;
      if (panel && panel.mode !== 'create' && panel.clientId === client.clientId) setPanel(null);
      return true;
    },
    /** The client with its new secret (shown once), or null (the error was shown). */
    rotateClientSecret: (client: ClientView) => rotate.run(client),
  };
}
