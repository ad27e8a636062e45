import { useStore } from '../store/store';
import { getIpcApi } from './ipc';
import { takeTokenFromLocation } from './token';
import { createWebApi } from './web';

/** Connects the web console with an admin token (from the URL fragment or the gate screen). */
export function connectWithToken(token: string): void {
  void useStore.getState().connect(createWebApi(token, (status) => useStore.getState().setStream(status)));
}

/** Electron's preload exposes the contract directly; otherwise talk to the console server. */
export function connectTransport(): void {
  const ipc = getIpcApi();
  if (ipc) {
    useStore.setState({ stream: 'live' });
    void useStore.getState().connect(ipc);
    return;
  }
  const token = takeTokenFromLocation();
  if (token) connectWithToken(token);
  else useStore.getState().needToken();
}
