import type { ClockView } from '../../shared/admin-views';
import { callApi } from './call';
import type { Slice } from './types';

export interface ClockState {
  /** The shown instance's virtual clock, when it has one (the sandbox always does). */
  view: ClockView | null;
  /** Local time (ms) the clock was read at, to tick it forward between reads. */
  readAt: number;
}

export interface ClockSlice {
  clock: ClockState;
  readClock(): Promise<void>;
  setClock(change: { rate?: number; paused?: boolean }): Promise<void>;
  advanceClock(seconds: number): Promise<void>;
  /** Back to real time: the system's time, rate 1, running. */
  resetClock(): Promise<void>;
}

/** Where a clock read `readAt` (ms) stands now, in whole seconds. */
export function clockNow(view: ClockView, readAt: number, nowMs = Date.now()): number {
  return Math.floor(view.now + (view.paused ? 0 : ((nowMs - readAt) / 1000) * view.rate));
}

export const createClockSlice: Slice<ClockSlice> = (set, get) => {
  const take = (view: ClockView | null) => {
    if (!view) return;
    set({ clock: { view, readAt: Date.now() } });
    get().noteServerTime(view.now);
  };
  return {
    clock: { view: null, readAt: 0 },
    async readClock() {
      if (!get().info?.virtualClock) return;
      take(await callApi(get, (api) => api.clock.get({}), { silent: true }));
    },
    async setClock(change) {
      take(await callApi(get, (api) => api.clock.set(change), { failure: 'Clock' }));
    },
    async advanceClock(seconds) {
      take(await callApi(get, (api) => api.clock.advance({ seconds }), { failure: 'Clock' }));
    },
    async resetClock() {
      take(
        await callApi(get, (api) => api.clock.reset({}), {
          failure: 'Clock',
          success: 'Back to real time: the clock follows the system time again.',
        }),
      );
    },
  };
};
