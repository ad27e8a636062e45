import type { Session, WebContents } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { hardenSession, hardenWebContents, locateAppPage } from '../../src/main/electron/guards';
import { CONSOLE_CSP } from '../../src/main/web/csp';

type Listener = (event: FakeEvent) => void;
interface FakeEvent {
  url: string;
  isMainFrame: boolean;
  defaultPrevented: boolean;
  preventDefault(): void;
}
const event = (url: string, isMainFrame = true): FakeEvent => ({
  url,
  isMainFrame,
  defaultPrevented: false,
  preventDefault() {
    this.defaultPrevented = true;
  },
});

/** Records what hardenWebContents hooks into, to fire those hooks as Electron would. */
class FakeContents {
  readonly listeners = new Map<string, Listener>();
  openHandler?: (details: { url: string }) => { action: string };
  on(name: string, listener: Listener) {
    this.listeners.set(name, listener);
    return this;
  }
  fire(name: string, e: FakeEvent): FakeEvent {
    this.listeners.get(name)!(e);
    return e;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.openHandler = handler;
  }
}

const appPath = path.resolve('/opt/gatehouse');
const page = locateAppPage(appPath, undefined);
let contents: FakeContents;
beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  contents = new FakeContents();
  hardenWebContents(contents as unknown as WebContents, page);
});

describe('locateAppPage', () => {
  it('points at the built renderer, or at the dev server when one is given', () => {
    expect(page).toEqual({
      url: pathToFileURL(path.join(appPath, 'out', 'renderer', 'index.html')).href,
      file: path.join(appPath, 'out', 'renderer', 'index.html'),
    });
    expect(locateAppPage(appPath, 'http://localhost:5173')).toEqual({ url: 'http://localhost:5173/', file: null });
  });
});

describe('hardenWebContents', () => {
  it.each([
    'https://example.com/',
    'http://127.0.0.1:8787/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,hi',
  ])('blocks navigation to %s', (url) => {
    expect(contents.fire('will-navigate', event(url)).defaultPrevented).toBe(true);
    expect(contents.fire('will-redirect', event(url)).defaultPrevented).toBe(true);
    expect(contents.fire('will-frame-navigate', event(url, false)).defaultPrevented).toBe(true);
  });

  it('lets the app page reload itself, with any query or fragment', () => {
    expect(contents.fire('will-navigate', event(`${page.url}?screen=keys#token`)).defaultPrevented).toBe(false);
  });

  it('denies every new window and every webview', () => {
    expect(contents.openHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: page.url })).toEqual({ action: 'deny' });
    expect(contents.fire('will-attach-webview', event('https://example.com/')).defaultPrevented).toBe(true);
  });

  it('logs the origin of a blocked URL, never the rest of it', () => {
    const warn = vi.mocked(console.warn);
    contents.fire('will-navigate', event('https://evil.example/steal?token=secret#t'));
    expect(warn).toHaveBeenLastCalledWith('gatehouse: blocked navigation to https://evil.example');
  });
});

describe('hardenSession', () => {
  it('adds the console CSP to every response and refuses every permission', () => {
    let onHeaders:
      | ((
          details: { responseHeaders?: Record<string, string[]> },
          cb: (r: { responseHeaders: Record<string, string[]> }) => void,
        ) => void)
      | undefined;
    let request: ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void) | undefined;
    let check: (() => boolean) | undefined;
    let device: (() => boolean) | undefined;
    const fake = {
      webRequest: { onHeadersReceived: (fn: typeof onHeaders) => (onHeaders = fn) },
      setPermissionRequestHandler: (fn: typeof request) => (request = fn),
      setPermissionCheckHandler: (fn: typeof check) => (check = fn),
      setDevicePermissionHandler: (fn: typeof device) => (device = fn),
    };
    hardenSession(fake as unknown as Session);

    let headers: Record<string, string[]> | undefined;
    onHeaders!({ responseHeaders: { 'content-type': ['text/html'] } }, (r) => (headers = r.responseHeaders));
    expect(headers).toEqual({ 'content-type': ['text/html'], 'Content-Security-Policy': [CONSOLE_CSP] });

    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const granted = vi.fn();
      request!(null, permission, granted);
      expect(granted).toHaveBeenCalledWith(false);
    }
    expect(check!()).toBe(false);
    expect(device!()).toBe(false);
  });
});
