import type { AdminApi } from '../../shared/admin-api';

/** Inside the Electron window the preload has already exposed the contract; nothing to build. */
export function getIpcApi(): AdminApi | null {
  return typeof window !== 'undefined' && window.gatehouse ? window.gatehouse : null;
}
