import type { AdminApi } from '../../shared/admin-api';
import type { SystemInfoView } from '../../shared/admin-views';
import type { GatehouseEvent } from '../../shared/events';
import { readInitialScreen, writeScreenToUrl, type ScreenId } from '../lib/screens';
import type { StreamStatus } from '../transport/sse';
import { queryClient } from '../server-state/query-client';
import { queryKeys } from '../server-state/query-keys';
import { createEventBatcher } from './event-batcher';
import { createEventRouter } from './apply-events';
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
  /**
   * Bumped by every (re)connection. A change made before it belongs to the instance shown then: its
   * answer shows no toast (server-state/admin-query.ts).
   */
  epoch: number;
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
  /** After the event stream was down: every cached answer of the shown instance is out of date. */
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

/** The app shell's own state; every other key of the store is one screen's UI state. */
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
  'epoch',
  'toasts',
]);

export const createAppSlice: Slice<AppSlice> = (set, get, store) => {
  /** The event subscription of the instance shown; replaced by every (re)connection. */
  let detach: (() => void) | null = null;

  /** Every screen's UI state back to its first state: panels and filters were about the other instance. */
  const resetScreens = () => {
    const initial = store.getInitialState() as unknown as Record<string, unknown>;
    const fresh: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(initial))
      if (!APP_KEYS.has(key) && typeof value !== 'function') fresh[key] = value;
    const s = get();
    // the lab is the same from either view (its runs are in the sandbox): a run on screen stays
    set({ ...(fresh as Partial<typeof s>), demo: s.demo });
  };

  /**
   * Connects the console to `api`: system info, the clock's skew, then its events. What was cached
   * of this instance is dropped (events were missed while another one was shown); answers still on
   * their way land in the removed queries, never on screen.
   */
  const attach = async (api: AdminApi, target: ConsoleTarget): Promise<void> => {
    const epoch = get().epoch + 1;
    detach?.();
    detach = null;
    queryClient.removeQueries({ queryKey: queryKeys.instance(target) });
    set({ api, epoch, appState: 'loading', appError: null, info: null });
    const info = await api.system.info({});
    if (epoch !== get().epoch) return;
    if (!info.ok) {
      if (info.error.code === 'unauthorized') return get().needToken(TOKEN_REFUSED);
      return set({ appState: 'error', appError: info.error.message });
    }
    let skew = 0;
    if (info.value.virtualClock) {
      // a virtual clock can be hours away from the wall clock; countdowns must follow it
      const clock = await api.clock.get({});
      if (epoch !== get().epoch) return;
      if (clock.ok) skew = clock.value.now - Date.now() / 1000;
    }
    const route = createEventRouter(target, queryClient, {
      noteServerTime: (at) => get().noteServerTime(at),
      applyDemoEvents: (events) => get().applyDemoEvents(events),
      sandboxChanged: (running) => get().sandboxChanged(running),
      settingsChanged: () => get().noteSettingsChanged(),
      auditArrived: (ids) => get().markFreshAudit(ids),
    });
    const batcher = createEventBatcher<GatehouseEvent>(route, 100);
    const unsubscribe = api.events.subscribe(batcher.push);
    // events queued for a batch when the console moves on belong to the instance shown before
    detach = () => (unsubscribe(), batcher.drop());
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
    epoch: 0,
    toasts: [],

    async connect(apis) {
      const target = get().target;
      if (get().apis) resetScreens();
      set({ apis });
      await attach(apis[target], target);
    },
    async switchTarget(target, force = false) {
      const { apis } = get();
      if (!apis || (target === get().target && !force)) return;
      // what was typed into the inspector is not an instance's data: it is checked by the new one
      const { token, keySource, keyText } = get().inspector;
      resetScreens();
      // the stream's status follows from the new instance's stream (web) or stays live (IPC)
      set({ target });
      get().setKeySource(keySource, keyText);
      await attach(apis[target], target);
      if (token && get().appState === 'ready' && get().target === target) get().setInspectorToken(token);
    },
    needToken(message) {
      detach?.();
      detach = null;
      queryClient.clear();
      set({
        epoch: get().epoch + 1,
        api: null,
        apis: null,
        target: 'live',
        appState: 'needs-token',
        appError: message ?? null,
      });
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
      // what is on screen refetches now, the rest when it is next shown; never the settings under
      // unsaved edits (the form says the server copy may have moved instead)
      const keepSettings = get().settingsDirty;
      void queryClient.invalidateQueries({
        queryKey: queryKeys.instance(get().target),
        predicate: (q) => !(keepSettings && q.queryKey[1] === 'settings'),
      });
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
