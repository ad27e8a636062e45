/** Names shared by the preload bridge and the main-process IPC handlers. */
import type { AdminApi, AdminMethod } from './admin-api';

/** `window.gatehouse`: the AdminApi the preload exposes through contextBridge. */
export const BRIDGE_KEY = 'gatehouse';

/** The IPC channels of one AdminApi: an invoke channel per method (`<prefix><domain.verb>`) and one push channel. */
export interface AdminChannels {
  readonly prefix: string;
  readonly events: string;
}

/** The live instance's: `gatehouse:admin:<domain.verb>` and `gatehouse:event`; handlers refuse anything else. */
export const LIVE_CHANNELS: AdminChannels = { prefix: 'gatehouse:admin:', events: 'gatehouse:event' };
/** The demo lab sandbox's, the same contract on channels of its own. */
export const SANDBOX_CHANNELS: AdminChannels = {
  prefix: 'gatehouse:sandbox:admin:',
  events: 'gatehouse:sandbox:event',
};

/** Every live admin invoke channel is `gatehouse:admin:<domain.verb>`. */
export const IPC_ADMIN_PREFIX = LIVE_CHANNELS.prefix;
/** Main → renderer push channel of the live instance's GatehouseEvents. */
export const IPC_EVENT_CHANNEL = LIVE_CHANNELS.events;

/** The invoke channel of `method` in a set of channels. */
export const channelFor = (channels: AdminChannels, method: AdminMethod): string => `${channels.prefix}${method}`;
/** The live instance's invoke channel of `method`. */
export const adminChannel = (method: AdminMethod): string => channelFor(LIVE_CHANNELS, method);

/** What the preload exposes: the live instance's AdminApi, and the sandbox's beside it. */
export type GatehouseBridge = AdminApi & { sandbox: AdminApi };
