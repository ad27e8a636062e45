import type { AdminRequest } from '../../shared/admin-api';
import type { ClientView, ClientWithSecretView } from '../../shared/admin-views';
import { callApi, callOrError } from './call';
import { createThrottle } from './event-batcher';
import type { LoadState, Slice } from './types';

/** The side panel: one client (read or edited), or the registration form. */
export type ClientPanel = { mode: 'view' | 'edit'; clientId: string } | { mode: 'create' } | null;

export interface ClientsState {
  list: ClientView[];
  state: LoadState;
  error: string | null;
  panel: ClientPanel;
  busy: boolean;
}

export type ClientPatch = Omit<AdminRequest<'clients.update'>, 'clientId'>;

export interface ClientsSlice {
  clients: ClientsState;
  loadClients(quiet?: boolean): Promise<void>;
  /** Session events change the counts (active sessions, live refresh tokens): reloads at most once a second. */
  clientUsageChanged(): void;
  setClientPanel(panel: ClientPanel): void;
  /** Opens one client on the Clients screen (from a session, the inspector…). */
  showClient(clientId: string): void;
  /** The created client with its secret (shown once), or the server's refusal. */
  createClient(request: AdminRequest<'clients.create'>): Promise<{ value: ClientWithSecretView } | { error: string }>;
  /** Null when saved, else the server's refusal. */
  updateClient(clientId: string, patch: ClientPatch): Promise<string | null>;
  setClientEnabled(client: ClientView, enabled: boolean): Promise<boolean>;
  deleteClient(client: ClientView): Promise<boolean>;
  /** The client with its new secret (shown once), or null (the error was shown). */
  rotateClientSecret(client: ClientView): Promise<ClientWithSecretView | null>;
}

const byName = (a: ClientView, b: ClientView) => a.name.localeCompare(b.name) || a.clientId.localeCompare(b.clientId);

export const createClientsSlice: Slice<ClientsSlice> = (set, get) => {
  const patch = (p: Partial<ClientsState>) => set((s) => ({ clients: { ...s.clients, ...p } }));
  const usage = createThrottle(() => void get().loadClients(true), 1000);
  const busy = async <T>(run: () => Promise<T>): Promise<T> => {
    patch({ busy: true });
    try {
      return await run();
    } finally {
      patch({ busy: false });
    }
  };
  return {
    clients: { list: [], state: 'idle', error: null, panel: null, busy: false },
    async loadClients(quiet) {
      if (quiet && get().clients.state === 'idle') return;
      if (!quiet) patch({ state: 'loading', error: null });
      const result = await callOrError(get, (api) => api.clients.list({}));
      if ('value' in result) patch({ list: [...result.value].sort(byName), state: 'ready', error: null });
      else if (!quiet) patch({ state: 'error', error: result.error });
    },
    clientUsageChanged() {
      if (get().clients.state !== 'idle' && get().screen === 'clients') usage();
    },
    setClientPanel(panel) {
      patch({ panel });
    },
    showClient(clientId) {
      patch({ panel: { mode: 'view', clientId } });
      get().setScreen('clients');
    },
    async createClient(request) {
      const result = await busy(() => callOrError(get, (api) => api.clients.create(request)));
      if ('error' in result) return result;
      get().notify('success', `Client ${result.value.name} registered.`);
      patch({ panel: { mode: 'view', clientId: result.value.clientId } });
      await get().loadClients(true);
      return result;
    },
    async updateClient(clientId, changes) {
      const result = await busy(() => callOrError(get, (api) => api.clients.update({ clientId, ...changes })));
      if ('error' in result) return result.error;
      get().notify('success', `Client ${result.value.name} saved.`);
      await get().loadClients(true);
      return null;
    },
    async setClientEnabled(client, enabled) {
      const done = await busy(() =>
        callApi(get, (api) => api.clients.update({ clientId: client.clientId, enabled }), {
          success: enabled
            ? `${client.name} enabled: it can get tokens again.`
            : `${client.name} disabled: its own tokens ended, its users' tokens stop at their next refresh.`,
          failure: enabled ? 'Enable failed' : 'Disable failed',
        }),
      );
      if (done) await get().loadClients(true);
      return !!done;
    },
    async deleteClient(client) {
      const done = await busy(() =>
        callApi(get, (api) => api.clients.delete({ clientId: client.clientId }), {
          success: `Client ${client.name} deleted.`,
          failure: 'Delete failed',
        }),
      );
      if (!done) return false;
      const panel = get().clients.panel;
      if (panel && panel.mode !== 'create' && panel.clientId === client.clientId) patch({ panel: null });
      await get().loadClients(true);
      return true;
    },
    async rotateClientSecret(client) {
      const rotated = await busy(() =>
        callApi(get, (api) => api.clients.rotateSecret({ clientId: client.clientId }), {
          success: `${client.name}: new secret issued; the old one no longer works.`,
          failure: 'Rotate failed',
        }),
      );
      if (rotated) await get().loadClients(true);
      return rotated;
    },
  };
};
