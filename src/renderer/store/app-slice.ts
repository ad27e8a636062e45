import type { AdminApi } from '../../shared/admin-api';
import type { SystemInfoView } from '../../shared/admin-views';
import type { GatehouseEvent } from '../../shared/events';
import { readInitialScreen, writeScreenToUrl, type ScreenId } from '../lib/screens';
import type { StreamStatus } from '../transport/sse';
import { createEventBatcher } from './event-batcher';
import { applyEvents } from './apply-events';
import type { Slice } from './types';

export type Theme = 'system' | 'light' | 'dark';
export interface Toast {
  id: number;
  kind: 'success' | 'error' | 'info';
  text: string;
}

export interface AppSlice {
  api: AdminApi | null;
  appState: 'needs-token' | 'loading' | 'ready' | 'error';
  appError: string | null;
  info: SystemInfoView | null;
  screen: ScreenId;
  theme: Theme;
  stream: StreamStatus;
  /** Server clock minus local clock, in seconds: countdowns use server time. */
  skew: number;
  toasts: Toast[];
  connect(api: AdminApi): Promise<void>;
  needToken(message?: string): void;
  setScreen(screen: ScreenId): void;
  setTheme(theme: Theme): void;
  setStream(status: StreamStatus): void;
  noteServerTime(at: number): void;
  /** After the event stream was down: reload every screen that has data. */
  refreshAfterGap(): void;
  notify(kind: Toast['kind'], text: string): void;
  dismissToast(id: number): void;
}

const THEME_KEY = 'gatehouse.theme';
const readTheme = (): Theme => {
  try {
    const t = localStorage.getItem(THEME_KEY);
    return t === 'light' || t === 'dark' ? t : 'system';
  } catch {
    return 'system';
  }
};

/** What the gate says when the server answers 401: the token was refused and is not kept. */
export const TOKEN_REFUSED =
  'The console server refused that admin token, so this tab no longer keeps it. Paste the current token, or open the sign-in link the server printed last.';

let toastSeq = 0;
let unsubscribe: (() => void) | null = null;

export const createAppSlice: Slice<AppSlice> = (set, get) => ({
  api: null,
  appState: 'loading',
  appError: null,
  info: null,
  screen: readInitialScreen(),
  theme: readTheme(),
  stream: 'connecting',
  skew: 0,
  toasts: [],

  async connect(api) {
    set({ api, appState: 'loading', appError: null });
    const info = await api.system.info({});
    if (!info.ok) {
      if (info.error.code === 'unauthorized') return get().needToken(TOKEN_REFUSED);
      return set({ appState: 'error', appError: info.error.message });
    }
    if (info.value.virtualClock) {
      // a virtual clock can be hours away from the wall clock; countdowns must follow it
      const clock = await api.clock.get({});
      if (clock.ok) set({ skew: clock.value.now - Date.now() / 1000 });
    }
    unsubscribe?.();
    const batcher = createEventBatcher<GatehouseEvent>((events) => applyEvents(events, get), 100);
    unsubscribe = api.events.subscribe(batcher.push);
    set({ info: info.value, appState: 'ready' });
  },
  needToken(message) {
    unsubscribe?.();
    unsubscribe = null;
    set({ api: null, appState: 'needs-token', appError: message ?? null });
  },
  setScreen(screen) {
    writeScreenToUrl(screen);
    set({ screen });
  },
  setTheme(theme) {
    try {
      if (theme === 'system') localStorage.removeItem(THEME_KEY);
      else localStorage.setItem(THEME_KEY, theme);
    } catch {
      // storage may be unavailable (file://, private mode); the choice then lasts this session
    }
    set({ theme });
  },
  setStream(status) {
    const was = get().stream;
    set({ stream: status });
    // events were missed while the stream was down: reload what is on screen
    if (status === 'live' && was === 'reconnecting') get().refreshAfterGap();
    if (status === 'unauthorized') get().needToken(TOKEN_REFUSED);
  },
  noteServerTime(at) {
    const observed = at - Date.now() / 1000;
    // event times are whole seconds: only a drift beyond rounding is a real skew
    if (Math.abs(observed - get().skew) > 2) set({ skew: observed });
  },
  refreshAfterGap() {
    const s = get();
    s.sessionsChanged(new Set());
    void s.loadKeys(true);
    void s.loadDenylist(true);
    void s.loadUsers(true);
    void s.loadClients(true);
    const user = s.users.panel?.mode === 'view' ? s.users.panel.userId : null;
    if (user) void s.loadUserSessions(user, true);
    void s.loadAudit(true);
  },
  notify(kind, text) {
    const id = ++toastSeq;
    set((s) => ({ toasts: [...s.toasts.slice(-3), { id, kind, text }] }));
    setTimeout(() => get().dismissToast(id), kind === 'error' ? 8000 : 4000);
  },
  dismissToast(id) {
    set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
  },
});
