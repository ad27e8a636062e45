/**
 * The one place admin IPC handlers are registered. No runtime `electron` import: Electron's
 * ipcMain and webContents are passed in, so tests drive the same code with fakes.
 */
import { ADMIN_METHODS, type AdminMethod, type AdminResult } from '../../shared/admin-api';
import { channelFor, LIVE_CHANNELS, type AdminChannels } from '../../shared/bridge';
import type { GatehouseEvent } from '../../shared/events';
import type { AdminService } from '../admin/admin-service';
import type { EventBus } from '../auth/event-bus';
import { methodOfChannel, type IpcEventLike, type SenderCheck } from './sender-check';

/** The part of Electron's ipcMain used here. */
export interface IpcMainLike {
  // method syntax on purpose: Electron's listener takes its own (wider) event type
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** The part of Electron's webContents that receives pushed events. */
export interface EventSink {
  send(channel: string, payload: GatehouseEvent): void;
  isDestroyed(): boolean;
}

type Admin = Pick<AdminService, 'handle'>;

const refuse = (
  code: 'unauthorized' | 'unknown_method' | 'invalid_request' | 'internal',
  message: string,
): AdminResult<never> => ({ ok: false, error: { code, message } });

/**
 * Runs one admin invoke: channel, then sender, then payload (AdminService validates it).
 * Never throws: a thrown error would reach the renderer with only its message. `channels` says
 * whose AdminApi this is (the live instance's, or the demo lab sandbox's): the checks are the same.
 */
export async function dispatchAdminInvoke(
  admin: Admin,
  isTrustedSender: SenderCheck,
  channel: string,
  event: IpcEventLike,
  args: readonly unknown[],
  channels: AdminChannels = LIVE_CHANNELS,
): Promise<AdminResult<unknown>> {
  try {
    const { prefix } = channels;
    if (!channel.startsWith(prefix)) return refuse('unauthorized', 'not an admin channel');
    const method = methodOfChannel(channel, prefix);
    if (!method) return refuse('unknown_method', `no admin method ${channel.slice(prefix.length, prefix.length + 64)}`);
    const refusal = isTrustedSender(event);
    if (refusal) {
      console.warn(`gatehouse: refused IPC ${method}: ${refusal}`);
      return refuse('unauthorized', refusal);
    }
    // the preload sends exactly one request object; anything else did not come from it
    if (args.length > 1)
      return refuse('invalid_request', `${method}: expected one request argument, got ${args.length}`);
    return await admin.handle(method, args[0]);
  } catch (err) {
    console.error(`gatehouse: IPC ${channel.slice(0, 80)} failed:`, err);
    return refuse('internal', 'internal error; see the main process log');
  }
}

/**
 * Registers `<prefix><method>` (`gatehouse:admin:` for the live instance, `gatehouse:sandbox:admin:`
 * for the sandbox) for every method of the contract, each checked by `isTrustedSender`. Returns the
 * function that removes them again.
 */
export function registerAdminHandlers(
  ipcMain: IpcMainLike,
  admin: Admin,
  isTrustedSender: SenderCheck,
  channels: AdminChannels = LIVE_CHANNELS,
): () => void {
  const names = ADMIN_METHODS.map((method: AdminMethod) => channelFor(channels, method));
  for (const channel of names) {
    ipcMain.handle(channel, (event, ...args) =>
      dispatchAdminInvoke(admin, isTrustedSender, channel, event, args, channels),
    );
  }
  return () => {
    for (const channel of names) ipcMain.removeHandler(channel);
  };
}

/**
 * Pushes every domain event to one window, on the event channel of `channels`, until the window is
 * destroyed or the returned function is called.
 */
export function forwardEvents(
  bus: Pick<EventBus, 'subscribe'>,
  target: EventSink,
  channels: AdminChannels = LIVE_CHANNELS,
): () => void {
  const unsubscribe = bus.subscribe((event) => {
    if (target.isDestroyed()) {
      unsubscribe();
      return;
    }
    target.send(channels.events, event);
  });
  return unsubscribe;
}
