import type { SessionSort } from '../../store/sessions-slice';

/**
 * Column order of the Sessions table. Header and rows are one CSS grid (`--cols` on .vtable,
 * styles/screens.css), whose container queries drop columns as the table narrows.
 */
export const COLUMNS: { id: string; label: string; sort?: SessionSort }[] = [
  { id: 'user', label: 'User', sort: 'username' },
  { id: 'apps', label: 'Apps' },
  { id: 'device', label: 'Device' },
  { id: 'ip', label: 'IP address' },
  { id: 'created', label: 'Created', sort: 'createdAt' },
  { id: 'seen', label: 'Last seen', sort: 'lastSeenAt' },
  { id: 'idle', label: 'Idle expiry', sort: 'idleExpiresAt' },
  { id: 'absolute', label: 'Absolute expiry', sort: 'absoluteExpiresAt' },
  { id: 'status', label: 'Status' },
  { id: 'actions', label: 'Actions' },
];

export const ROW_HEIGHT = 44;
