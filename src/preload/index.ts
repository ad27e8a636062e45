/**
 * The preload: exposes exactly the AdminApi as `window.gatehouse` (the live instance) and
 * `window.gatehouse.sandbox` (the demo lab's sandbox), each method one `ipcRenderer.invoke` on its
 * own channel. ipcRenderer itself and its event objects never reach the page (electron-vite's
 * advice; the sender checks in main are the second line).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildAdminApi, type AdminApi, type AdminCall } from '../shared/admin-api';
import {
  BRIDGE_KEY,
  channelFor,
  LIVE_CHANNELS,
  SANDBOX_CHANNELS,
  type AdminChannels,
  type GatehouseBridge,
} from '../shared/bridge';
import type { GatehouseEvent } from '../shared/events';

function apiOn(channels: AdminChannels): AdminApi {
  // an invoke with no handler behind it (main shutting down) rejects: that too arrives as data
  const call: AdminCall = (method, request) =>
    ipcRenderer.invoke(channelFor(channels, method), request).catch((err: unknown) => ({
      ok: false as const,
      error: {
        code: 'internal' as const,
        message: `${method}: the main process did not answer (${err instanceof Error ? err.message : String(err)})`,
      },
    }));

  const subscribe = (listener: (event: GatehouseEvent) => void): (() => void) => {
    // only the payload crosses: the IpcRendererEvent would hand the page `sender` (ipcRenderer)
    const forward = (_event: IpcRendererEvent, payload: GatehouseEvent) => listener(payload);
    ipcRenderer.on(channels.events, forward);
    return () => {
      ipcRenderer.removeListener(channels.events, forward);
    };
  };
  return buildAdminApi(call, subscribe);
}

const bridge: GatehouseBridge = { ...apiOn(LIVE_CHANNELS), sandbox: apiOn(SANDBOX_CHANNELS) };

contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
