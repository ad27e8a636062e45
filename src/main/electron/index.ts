/**
 * The desktop app's main process: one instance, one console window over IPC, the local auth
 * server beside it. Data lives in app.getPath('userData') (GATEHOUSE_USER_DATA_DIR overrides it,
 * which the e2e specs use for a fresh folder per test).
 */
import { app, BrowserWindow, dialog, ipcMain, safeStorage, session } from 'electron';
import path from 'node:path';
import { SANDBOX_CHANNELS } from '../../shared/bridge';
import { startDesktopServices } from './desktop-services';
import { forwardEvents, registerAdminHandlers } from './ipc';
import { checkSenderFor, type IpcEventLike } from './sender-check';
import { hardenSession, hardenWebContents, locateAppPage } from './guards';
import { createConsoleWindow } from './window';

if (process.env.GATEHOUSE_USER_DATA_DIR) app.setPath('userData', path.resolve(process.env.GATEHOUSE_USER_DATA_DIR));
// every renderer sandboxed, whatever a BrowserWindow asks for
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  main().catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    console.error(`gatehouse: could not start: ${message}`);
    dialog.showErrorBox('Gatehouse could not start', message);
    app.exit(1);
  });
}

async function main(): Promise<void> {
  const appPath = app.getAppPath();
  // the dev server only in development: a packaged app never loads code from a URL it is handed
  const page = locateAppPage(appPath, app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL);
  const preload = path.join(appPath, 'out', 'preload', 'index.cjs');
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, page));

  await app.whenReady();
  hardenSession(session.defaultSession);
  const services = await startDesktopServices({
    dataDir: app.getPath('userData'),
    safeStorage,
    version: app.getVersion(),
  });

  let win: BrowserWindow | null = null;
  const senderCheck = checkSenderFor(page.url);
  const isTrustedSender = (event: IpcEventLike) =>
    win && event.sender === win.webContents ? senderCheck(event) : 'only the console window may call the admin API';
  // the live instance's AdminApi, and the demo lab sandbox's on channels of its own, checked alike
  const removeHandlers = registerAdminHandlers(ipcMain, services.admin, isTrustedSender);
  const removeSandboxHandlers = registerAdminHandlers(
    ipcMain,
    services.sandbox.admin,
    isTrustedSender,
    SANDBOX_CHANNELS,
  );

  const openWindow = () => {
    const created = createConsoleWindow(page, preload);
    const stopEvents = forwardEvents(services.gatehouse.bus, created.webContents);
    const stopSandboxEvents = forwardEvents(services.sandbox.bus, created.webContents, SANDBOX_CHANNELS);
    created.on('closed', () => {
      stopEvents();
      stopSandboxEvents();
      if (win === created) win = null;
    });
    win = created;
  };
  openWindow();

  app.on('second-instance', () => {
    if (!win) return openWindow();
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('activate', () => {
    if (!win) openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  onQuitOnce(async () => {
    removeHandlers();
    removeSandboxHandlers();
    await services.stop();
  });
}

/** Holds the quit until the servers and the database are closed (the WAL checkpointed). */
function onQuitOnce(stop: () => Promise<void>): void {
  let stopping = false;
  app.on('will-quit', (event) => {
    if (stopping) return;
    stopping = true;
    event.preventDefault();
    stop()
      .catch((err: unknown) => console.error('gatehouse: unclean shutdown:', err))
      .finally(() => app.quit());
  });
}
