import { create } from 'zustand';
import { createAppSlice } from './app-slice';
import { createAuditSlice } from './audit-slice';
import { createClientsSlice } from './clients-slice';
import { createClockSlice } from './clock-slice';
import { createDemoSlice } from './demo-slice';
import { createDenylistSlice } from './denylist-slice';
import { createInspectorSlice } from './inspector-slice';
import { createSessionsSlice } from './sessions-slice';
import { createSettingsSlice } from './settings-slice';
import type { All } from './types';
import { createUsersSlice } from './users-slice';

/** The console's single store; each slice owns one screen's data and its actions. */
export const useStore = create<All>()((...a) => ({
  ...createAppSlice(...a),
  ...createSessionsSlice(...a),
  ...createInspectorSlice(...a),
  ...createDenylistSlice(...a),
  ...createAuditSlice(...a),
  ...createSettingsSlice(...a),
  ...createUsersSlice(...a),
  ...createClientsSlice(...a),
  ...createClockSlice(...a),
  ...createDemoSlice(...a),
}));
