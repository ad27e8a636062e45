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

/** Which Gatehouse the console shows: the live instance, or the demo lab's sandbox. */
export type ConsoleTarget = 'live' | 'sandbox';
/** The two AdminApis of one console: the same contract, two instances. */
export interface ConsoleApis {
  live: AdminApi;
  sandbox: AdminApi;
}

export interface AppSlice {
  /** The AdminApi of the instance shown (`apis[target]`). */
  api: AdminApi | null;
  apis: ConsoleApis | null;
  target: ConsoleTarget;
  appState: 'needs-token' | 'loading' | 'ready' | 'error';
  appError: string | null;
  info: SystemInfoView | null;
  screen: ScreenId;
  theme: Theme;
  stream: StreamStatus;
  /** Server clock minus local clock, in seconds: countdowns use server time. */
  skew: number;
  toasts: Toast[];
  connect(apis: ConsoleApis): Promise<void>;
  /**
   * Shows the other instance: its events instead of these, every screen's data dropped and loaded
   * again from it, with no page reload. `force` reconnects to the same one (a reset sandbox).
   */
  switchTarget(target: ConsoleTarget, force?: boolean): Promise<void>;
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
/**
 * Bumped by every (re)connection. An answer or event of an earlier one belongs to the instance the
 * console showed then, so it is dropped (store/call.ts `onConnected`, the event batcher below).
 */
let connection = 0;
export const currentConnection = (): number => connection;

/** The app shell's own state; every other key of the store is one instance's data. */
const APP_KEYS = new Set<string>([
  'api',
  'apis',
  'target',
  'appState',
  'appError',
  'info',
  'screen',
  'theme',
  'stream',
  'skew',
  'toasts',
]);

export const createAppSlice: Slice<AppSlice> = (set, get, store) => {
  /** Every screen's data back to its first state, so nothing of the instance shown before remains. */
  const dropInstanceData = () => {
    const initial = store.getInitialState() as unknown as Record<string, unknown>;
    const fresh: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(initial))
      if (!APP_KEYS.has(key) && typeof value !== 'function') fresh[key] = value;
    const s = get();
    set({
      ...(fresh as Partial<typeof s>),
      // answers of the old generation are dropped by the slice itself too
      sessions: { ...(fresh.sessions as typeof s.sessions), generation: s.sessions.generation + 1 },
      // the lab is the same from either view (its runs are in the sandbox): a run on screen stays
      demo: s.demo,
    });
  };

  /** Connects the store to `api`: system info, the clock's skew, then its events. */
  const attach = async (api: AdminApi): Promise<void> => {
    const mine = ++connection;
    unsubscribe?.();
    unsubscribe = null;
    set({ api, appState: 'loading', appError: null, info: null });
    const info = await api.system.info({});
    if (mine !== connection) return;
    if (!info.ok) {
      if (info.error.code === 'unauthorized') return get().needToken(TOKEN_REFUSED);
      return set({ appState: 'error', appError: info.error.message });
    }
    let skew = 0;
    if (info.value.virtualClock) {
      // a virtual clock can be hours away from the wall clock; countdowns must follow it
      const clock = await api.clock.get({});
      if (mine !== connection) return;
      if (clock.ok) skew = clock.value.now - Date.now() / 1000;
    }
    const batcher = createEventBatcher<GatehouseEvent>((events) => {
      if (mine === connection) applyEvents(events, get);
    }, 100);
    unsubscribe = api.events.subscribe(batcher.push);
    set({ info: info.value, skew, appState: 'ready' });
  };

  return {
    api: null,
    apis: null,
    target: 'live',
    appState: 'loading',
    appError: null,
    info: null,
    screen: readInitialScreen(),
    theme: readTheme(),
    stream: 'connecting',
    skew: 0,
    toasts: [],

    async connect(apis) {
      const target = get().target;
      if (get().apis) dropInstanceData();
      set({ apis });
      await attach(apis[target]);
    },
    async switchTarget(target, force = false) {
      const { apis } = get();
      if (!apis || (target === get().target && !force)) return;
      // what was typed into the inspector is not an instance's data: it is checked by the new one
      const { token, keySource, keyText } = get().inspector;
      dropInstanceData();
      // the stream's status follows from the new instance's stream (web) or stays live (IPC)
      set({ target });
      get().setKeySource(keySource, keyText);
      await attach(apis[target]);
      if (token && get().appState === 'ready' && get().target === target) get().setInspectorToken(token);
    },
    needToken(message) {
      connection++;
      unsubscribe?.();
      unsubscribe = null;
      set({ api: null, apis: null, target: 'live', appState: 'needs-token', appError: message ?? null });
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
  };
};
