import type { GatehouseBridge } from '../shared/bridge';

declare global {
  interface Window {
    /**
     * The live instance's AdminApi the Electron preload exposes through contextBridge, with the
     * demo lab sandbox's as `sandbox`; absent in the web console.
     */
    gatehouse?: GatehouseBridge;
  }
}

export {};
