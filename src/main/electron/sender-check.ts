/**
 * The checks every admin IPC message passes before its payload is even looked at (after
 * vscode's `ipcMain.ts`): a channel of ours, sent by the main frame of our own window, whose
 * document is the app's own page. Pure: no `electron` import, so the tests run in plain Node.
 */
import { isAdminMethod, type AdminMethod } from '../../shared/admin-api';
import { IPC_ADMIN_PREFIX } from '../../shared/bridge';

/** The part of Electron's WebFrameMain the checks read. */
export interface FrameLike {
  readonly url: string;
  readonly parent?: FrameLike | null;
}

/** The part of Electron's IpcMainInvokeEvent the checks read. */
export interface IpcEventLike {
  readonly senderFrame: FrameLike | null;
  readonly sender: { readonly mainFrame: FrameLike };
}

/** Returns why the sender is refused, or null when it may call the admin API. */
export type SenderCheck = (event: IpcEventLike) => string | null;

/**
 * The admin method a channel names, or null for anything that is not exactly one of ours under
 * `prefix` (the live instance's by default, or the sandbox's).
 */
export function methodOfChannel(channel: string, prefix: string = IPC_ADMIN_PREFIX): AdminMethod | null {
  if (!channel.startsWith(prefix)) return null;
  const method = channel.slice(prefix.length);
  return isAdminMethod(method) ? method : null;
}

/**
 * Whether `url` is the app's own page. A file:// page has the opaque origin "null", so for the
 * packaged app the exact file is compared; for the dev server, the origin. Query and fragment are
 * the page's own business (the console keeps its screen there).
 */
export function isAppUrl(url: string, appUrl: string): boolean {
  let target: URL;
  let app: URL;
  try {
    target = new URL(url);
    app = new URL(appUrl);
  } catch {
    return false;
  }
  if (app.protocol === 'file:')
    return target.protocol === 'file:' && target.host === app.host && target.pathname === app.pathname;
  return (app.protocol === 'http:' || app.protocol === 'https:') && target.origin === app.origin;
}

/** Builds the sender check for a window showing `appUrl`. */
export function checkSenderFor(appUrl: string): SenderCheck {
  return (event) => {
    let frame: FrameLike | null;
    try {
      // Electron answers null (or, in some versions, throws) once the frame navigated away or died
      frame = event.senderFrame;
    } catch {
      frame = null;
    }
    if (!frame) return 'the sending frame is gone';
    if (frame !== event.sender.mainFrame || frame.parent) return 'only the main frame may call the admin API';
    if (!isAppUrl(frame.url, appUrl)) return `a page at ${describeOrigin(frame.url)} may not call the admin API`;
    return null;
  };
}

/** The origin for a refusal message: never the full URL, which may carry a token in its fragment. */
function describeOrigin(url: string): string {
  try {
    const u = new URL(url);
    return u.protocol === 'file:' ? 'file://' : u.origin;
  } catch {
    return 'an unparsable URL';
  }
}
