/**
 * The one place admin IPC handlers are registered. No runtime `electron` import: Electron's
 * ipcMain and webContents are passed in, so tests drive the same code with fakes.
 */
import { ADMIN_METHODS, type AdminMethod, type AdminResult } from '../../shared/admin-api';
import { adminChannel, IPC_ADMIN_PREFIX, IPC_EVENT_CHANNEL } from '../../shared/bridge';
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
 * Never throws: a thrown error would reach the renderer with only its message.
 */
export async function dispatchAdminInvoke(
  admin: Admin,
  isTrustedSender: SenderCheck,
  channel: string,
  event: IpcEventLike,
  args: readonly unknown[],
): Promise<AdminResult<unknown>> {
  try {
    if (!channel.startsWith(IPC_ADMIN_PREFIX)) return refuse('unauthorized', 'not an admin channel');
    const method = methodOfChannel(channel);
    if (!method)
      return refuse(
        'unknown_method',
        `no admin method ${channel.slice(IPC_ADMIN_PREFIX.length, IPC_ADMIN_PREFIX.length + 64)}`,
      );
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
 * Registers `gatehouse:admin:<method>` for every method of the contract, each checked by
 * `isTrustedSender`. Returns the function that removes them again.
 */
export function registerAdminHandlers(ipcMain: IpcMainLike, admin: Admin, isTrustedSender: SenderCheck): () => void {
  const channels = ADMIN_METHODS.map((method: AdminMethod) => adminChannel(method));
  for (const channel of channels) {
    ipcMain.handle(channel, (event, ...args) => dispatchAdminInvoke(admin, isTrustedSender, channel, event, args));
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

/** Pushes every domain event to one window until it is destroyed or the returned function is called. */
export function forwardEvents(bus: Pick<EventBus, 'subscribe'>, target: EventSink): () => void {
  const unsubscribe = bus.subscribe((event) => {
    if (target.isDestroyed()) {
      unsubscribe();
      return;
    }
    target.send(IPC_EVENT_CHANNEL, event);
  });
  return unsubscribe;
}
