import type { AdminApi } from '../shared/admin-api';

declare global {
  interface Window {
    /** The AdminApi the Electron preload exposes through contextBridge; absent in the web console. */
    gatehouse?: AdminApi;
  }
}

export {};
