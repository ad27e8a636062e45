/** Names shared by the preload bridge and the main-process IPC handlers. */
import type { AdminMethod } from './admin-api';

/** `window.gatehouse`: the AdminApi the preload exposes through contextBridge. */
export const BRIDGE_KEY = 'gatehouse';
/** Every admin invoke channel is `gatehouse:admin:<domain.verb>`; handlers refuse anything else. */
export const IPC_ADMIN_PREFIX = 'gatehouse:admin:';
/** Main → renderer push channel of GatehouseEvents. */
export const IPC_EVENT_CHANNEL = 'gatehouse:event';

export const adminChannel = (method: AdminMethod): string => `${IPC_ADMIN_PREFIX}${method}`;
