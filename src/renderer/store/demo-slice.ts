import type { ClockView } from '../../shared/admin-views';
import {
  parseDemoRun,
  type DemoPace,
  type DemoRun,
  type DemoScenarioId,
  type DemoScenarioView,
  type DemoStep,
  type DemoVerdict,
} from '../../shared/demo';
import { sameVerdict, verdictFor } from '../../shared/demo-verdicts';
import type { GatehouseEvent } from '../../shared/events';
import { callApi, callOrError } from './call';
import type { LoadState, Slice } from './types';

/** What the screen draws: a live run (steps pushed by the server) or a replay of a saved one. */
export interface DemoView {
  runId: string | null;
  scenario: DemoScenarioId;
  title: string;
  steps: DemoStep[];
  /** A replay's is recomputed from its steps by the scenario's rules, never taken from the file. */
  verdict: DemoVerdict | null;
  /** The verdict a replayed file carried, kept only when it differs from the recomputed one. */
  fileVerdict: DemoVerdict | null;
  source: 'live' | 'replay';
}

export interface DemoState {
  scenarios: DemoScenarioView[];
  state: LoadState;
  error: string | null;
  clock: ClockView | null;
  /** Local time (ms) the clock was read at, to tick it forward between reads. */
  clockReadAt: number;
  pace: DemoPace;
  running: boolean;
  view: DemoView | null;
  /** The last complete run, live or loaded: what "Save run" writes. */
  lastRun: DemoRun | null;
}

export interface DemoSlice {
  demo: DemoState;
  loadDemo(quiet?: boolean): Promise<void>;
  readClock(): Promise<void>;
  setClock(change: { rate?: number; paused?: boolean }): Promise<void>;
  advanceClock(seconds: number): Promise<void>;
  setDemoPace(pace: DemoPace): void;
  runScenario(id: DemoScenarioId): Promise<void>;
  applyDemoEvents(events: GatehouseEvent[]): void;
  /** Replays a saved run, its verdict recomputed from its steps; returns an error message for a file that is not one. */
  replayRun(text: string): string | null;
}

/** Real milliseconds between replayed steps: fixed, so a replay always looks the same. */
export const REPLAY_STEP_MS = 60;
let replayTimer: ReturnType<typeof setInterval> | null = null;
const stopReplay = () => {
  if (replayTimer) clearInterval(replayTimer);
  replayTimer = null;
};

export const createDemoSlice: Slice<DemoSlice> = (set, get) => {
  const patch = (p: Partial<DemoState>) => set((s) => ({ demo: { ...s.demo, ...p } }));
  const patchView = (p: Partial<DemoView>) =>
    set((s) => ({ demo: { ...s.demo, view: s.demo.view ? { ...s.demo.view, ...p } : null } }));
  const takeClock = (clock: ClockView) => {
    patch({ clock, clockReadAt: Date.now() });
    get().noteServerTime(clock.now);
  };
  return {
    demo: {
      scenarios: [],
      state: 'idle',
      error: null,
      clock: null,
      clockReadAt: 0,
      pace: 'watch',
      running: false,
      view: null,
      lastRun: null,
    },
    async loadDemo(quiet) {
      if (!quiet) patch({ state: 'loading', error: null });
      const result = await callOrError(get, (api) => api.demo.scenarios({}));
      if ('error' in result) return quiet ? undefined : patch({ state: 'error', error: result.error });
      patch({ scenarios: result.value, state: 'ready', error: null });
      if (get().info?.virtualClock) await get().readClock();
    },
    async readClock() {
      const clock = await callApi(get, (api) => api.clock.get({}), { silent: true });
      if (clock) takeClock(clock);
    },
    async setClock(change) {
      const clock = await callApi(get, (api) => api.clock.set(change), { failure: 'Clock' });
      if (clock) takeClock(clock);
    },
    async advanceClock(seconds) {
      const clock = await callApi(get, (api) => api.clock.advance({ seconds }), { failure: 'Clock' });
      if (clock) takeClock(clock);
    },
    setDemoPace(pace) {
      patch({ pace });
    },
    async runScenario(id) {
      stopReplay();
      const scenario = get().demo.scenarios.find((s) => s.id === id);
      patch({
        running: true,
        view: {
          runId: null,
          scenario: id,
          title: scenario?.title ?? id,
          steps: [],
          verdict: null,
          fileVerdict: null,
          source: 'live',
        },
      });
      const run = await callApi(get, (api) => api.demo.run({ scenario: id, pace: get().demo.pace }), {
        failure: 'Demo run',
      });
      // the answer is the whole run: it settles whatever the event stream delivered (or missed)
      if (run)
        patch({
          lastRun: run,
          view: {
            runId: run.id,
            scenario: run.scenario,
            title: run.title,
            steps: run.steps,
            verdict: run.verdict,
            fileVerdict: null,
            source: 'live',
          },
        });
      patch({ running: false });
      await get().readClock();
    },
    applyDemoEvents(events) {
      for (const e of events) {
        const view = get().demo.view;
        if (e.type === 'demo.started') {
          if (view?.source === 'replay' && replayTimer) continue;
          // a run started from another console shows here too
          if (!view || view.runId !== e.runId)
            set((s) => ({
              demo: {
                ...s.demo,
                running: true,
                view: {
                  runId: e.runId,
                  scenario: e.scenario,
                  title: e.title,
                  steps: [],
                  verdict: null,
                  fileVerdict: null,
                  source: 'live',
                },
              },
            }));
        } else if (
          e.type === 'demo.step' &&
          view?.source === 'live' &&
          (view.runId === e.runId || view.runId === null)
        ) {
          if (view.steps.some((s) => s.seq === e.step.seq)) continue;
          patchView({ runId: e.runId, steps: [...view.steps, e.step] });
        } else if (e.type === 'demo.finished' && view?.source === 'live' && view.runId === e.runId) {
          patchView({ verdict: e.verdict });
        }
      }
    },
    replayRun(text) {
      const parsed = parseDemoRun(text);
      if (!parsed.ok) return parsed.message;
      stopReplay();
      // the file says what happened; what that means is decided here, by the rules the server applies
      const verdict = verdictFor(parsed.run.scenario, parsed.run.steps);
      const fileVerdict = sameVerdict(verdict, parsed.run.verdict) ? null : parsed.run.verdict;
      const run = { ...parsed.run, verdict };
      patch({
        lastRun: run,
        view: {
          runId: run.id,
          scenario: run.scenario,
          title: run.title,
          steps: [],
          verdict: null,
          fileVerdict: null,
          source: 'replay',
        },
      });
      let next = 0;
      replayTimer = setInterval(() => {
        if (next < run.steps.length) {
          const step = run.steps[next++]!;
          patchView({ steps: [...(get().demo.view?.steps ?? []), step] });
          return;
        }
        stopReplay();
        patchView({ verdict, fileVerdict });
      }, REPLAY_STEP_MS);
      return null;
    },
  };
};
