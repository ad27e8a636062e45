import { useStore } from '../store/store';
import type { ConsoleTarget } from '../store/app-slice';
import { getIpcApis } from './ipc';
import type { StreamStatus } from './sse';
import { forgetToken, storedToken, storeToken, takeTokenFromLocation } from './token';
import { createWebApi, WEB_BASES } from './web';

/** A stream's status counts only while the console shows its instance (the other one is closed). */
const statusOf = (target: ConsoleTarget) => (status: StreamStatus) => {
  if (useStore.getState().target === target) useStore.getState().setStream(status);
};

/**
 * Connects the web console with an admin token (from the URL fragment, the tab's session storage
 * or the gate). A token the server accepts is kept for the tab's session; a refused one is
 * forgotten, and the gate says it was refused.
 */
export async function connectWithToken(token: string): Promise<void> {
  await useStore.getState().connect({
    live: createWebApi(token, statusOf('live'), WEB_BASES.live),
    sandbox: createWebApi(token, statusOf('sandbox'), WEB_BASES.sandbox),
  });
  if (useStore.getState().appState === 'ready') storeToken(token);
}

/** Electron's preload exposes the contract directly; otherwise talk to the console server. */
export function connectTransport(): void {
  const ipc = getIpcApis();
  if (ipc) {
    useStore.setState({ stream: 'live' });
    void useStore.getState().connect(ipc);
    return;
  }
  // refused at connect or later on the event stream: the stored token is no good any more
  useStore.subscribe((state, prev) => {
    if (state.appState === 'needs-token' && prev.appState !== 'needs-token') forgetToken();
  });
  // a sign-in link opened in a tab that is already open changes only the fragment: no reload
  window.addEventListener('hashchange', () => {
    const token = takeTokenFromLocation();
    if (token) void connectWithToken(token);
  });
  const token = takeTokenFromLocation() ?? storedToken();
  if (token) void connectWithToken(token);
  else useStore.getState().needToken();
}
