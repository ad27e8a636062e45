/** The console window: isolated, sandboxed, no Node; the page rules live in guards.ts. */
import { BrowserWindow } from 'electron';
import type { AppPage } from './guards';

export function createConsoleWindow(page: AppPage, preload: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    title: 'Gatehouse',
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  (page.file ? win.loadFile(page.file) : win.loadURL(page.url)).catch((err: unknown) =>
    console.error(`gatehouse: could not load the console page: ${(err as Error).message}`),
  );
  return win;
}
