import type { AdminRequest } from '../../shared/admin-api';
import type { Slice } from './types';

/** The side panel: one client (read or edited), or the registration form. */
export type ClientPanel = { mode: 'view' | 'edit'; clientId: string } | { mode: 'create' } | null;

export type ClientPatch = Omit<AdminRequest<'clients.update'>, 'clientId'>;

/** The Clients screen's UI state; the clients themselves are a query (server-state/clients.ts). */
export interface ClientsSlice {
  clients: { panel: ClientPanel };
  setClientPanel(panel: ClientPanel): void;
  /** Opens one client on the Clients screen (from a session, the inspector…). */
  showClient(clientId: string): void;
}

export const createClientsSlice: Slice<ClientsSlice> = (set, get) => ({
  clients: { panel: null },
  setClientPanel(panel) {
    set({ clients: { panel } });
  },
  showClient(clientId) {
    set({ clients: { panel: { mode: 'view', clientId } } });
    get().setScreen('clients');
  },
});
