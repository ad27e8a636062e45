/**
 * The rules every web page of the app lives under (Electron's security checklist): CSP, no
 * navigation away, no new windows, no permissions, no webviews. Type-only `electron` imports, so
 * the tests drive these with fake webContents and sessions.
 */
import type { Session, WebContents } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONSOLE_CSP } from '../web/csp';
import { isAppUrl } from './sender-check';

export interface AppPage {
  /** The URL IPC senders and navigations are checked against. */
  url: string;
  /** The built renderer's index.html, or null when a dev server is used. */
  file: string | null;
}

/** The built page under `appPath`, or the electron-vite dev server when one is given. */
export function locateAppPage(appPath: string, devServerUrl: string | undefined): AppPage {
  if (devServerUrl) return { url: new URL(devServerUrl).href, file: null };
  const file = path.join(appPath, 'out', 'renderer', 'index.html');
  return { url: pathToFileURL(file).href, file };
}

/** Session-wide rules: a CSP header on every response, and every permission refused. */
export function hardenSession(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONSOLE_CSP] } });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/** Applied to every webContents the app ever creates (`web-contents-created`). */
export function hardenWebContents(contents: WebContents, page: AppPage): void {
  const blockForeign = (event: { preventDefault(): void; url: string }, what: string) => {
    if (isAppUrl(event.url, page.url)) return;
    event.preventDefault();
    console.warn(`gatehouse: blocked ${what} to ${safeOrigin(event.url)}`);
  };
  contents.on('will-navigate', (event) => blockForeign(event, 'navigation'));
  // the main frame is covered by will-navigate; this one catches iframes navigating themselves
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) blockForeign(event, 'frame navigation');
  });
  contents.on('will-redirect', (event) => blockForeign(event, 'redirect'));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    console.warn('gatehouse: blocked a webview');
  });
  contents.setWindowOpenHandler(({ url }) => {
    console.warn(`gatehouse: blocked a new window for ${safeOrigin(url)}`);
    return { action: 'deny' };
  });
}

/** Origins only in logs: a URL may carry a token in its query or fragment. */
function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(unparsable URL)';
  }
}
