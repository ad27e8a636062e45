import type { StateCreator } from 'zustand';
import type { AppSlice } from './app-slice';
import type { AuditSlice } from './audit-slice';
import type { ClientsSlice } from './clients-slice';
import type { ClockSlice } from './clock-slice';
import type { DemoSlice } from './demo-slice';
import type { DenylistSlice } from './denylist-slice';
import type { InspectorSlice } from './inspector-slice';
import type { SessionsSlice } from './sessions-slice';
import type { SettingsSlice } from './settings-slice';
import type { UsersSlice } from './users-slice';

/** The whole console state: one store, one slice per screen plus the app shell. */
export type All = AppSlice &
  SessionsSlice &
  InspectorSlice &
  DenylistSlice &
  AuditSlice &
  SettingsSlice &
  UsersSlice &
  ClientsSlice &
  ClockSlice &
  DemoSlice;

export type Slice<T> = StateCreator<All, [], [], T>;
