import type { ClockView, SandboxView } from '../../shared/admin-views';
import {
  parseDemoRun,
  type DemoPace,
  type DemoRun,
  type DemoScenarioId,
  type DemoStep,
  type DemoVerdict,
} from '../../shared/demo';
import { sameVerdict, verdictFor } from '../../shared/demo-verdicts';
import type { GatehouseEvent } from '../../shared/events';
import { callOn } from './call';
import type { Slice } from './types';

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

/** The demo lab's state: its run, the sandbox it runs in. The scenarios are a query (server-state/demo.ts). */
export interface DemoState {
  /** The sandbox the scenarios run in: running or not, its auth server and clock. */
  sandbox: SandboxView | null;
  /** Local time (ms) the sandbox's state was read at, to tick its clock forward between reads. */
  sandboxReadAt: number;
  resetting: boolean;
  pace: DemoPace;
  running: boolean;
  view: DemoView | null;
  /** The last complete run, live or loaded: what "Save run" writes. */
  lastRun: DemoRun | null;
}

export interface DemoSlice {
  demo: DemoState;
  loadSandbox(): Promise<void>;
  /** The sandbox's clock (started first if it is not running): rate, pause. */
  setSandboxClock(change: { rate?: number; paused?: boolean }): Promise<void>;
  /** Moves the sandbox's clock forward (its expiry sweeps run at once). */
  advanceSandboxClock(seconds: number): Promise<void>;
  /** Closes the sandbox and deletes its data; a console showing it shows a fresh one. */
  resetSandbox(): Promise<void>;
  /** The sandbox started or was reset (pushed on either event stream). */
  sandboxChanged(running: boolean): void;
  setDemoPace(pace: DemoPace): void;
  /** Runs `id` in the sandbox (`title` shown until the run's first answer). */
  runScenario(id: DemoScenarioId, title?: string): Promise<void>;
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
  /** After a change of the sandbox's clock: its state again, and the countdowns follow it when it is shown. */
  const sandboxClock = async (clock: ClockView | null) => {
    if (!clock) return;
    if (get().target === 'sandbox') get().noteServerTime(clock.now);
    await get().loadSandbox();
  };
  const patchView = (p: Partial<DemoView>) =>
    set((s) => ({ demo: { ...s.demo, view: s.demo.view ? { ...s.demo.view, ...p } : null } }));
  return {
    demo: {
      sandbox: null,
      sandboxReadAt: 0,
      resetting: false,
      pace: 'watch',
      running: false,
      view: null,
      lastRun: null,
    },
    async loadSandbox() {
      // asked of the live instance: the answer is the same, and it never starts the sandbox
      const sandbox = await callOn(get, 'live', (api) => api.demo.sandbox({}), { silent: true });
      if (sandbox) patch({ sandbox, sandboxReadAt: Date.now() });
    },
    async setSandboxClock(change) {
      await sandboxClock(await callOn(get, 'sandbox', (api) => api.clock.set(change), { failure: 'Sandbox clock' }));
    },
    async advanceSandboxClock(seconds) {
      await sandboxClock(
        await callOn(get, 'sandbox', (api) => api.clock.advance({ seconds }), { failure: 'Sandbox clock' }),
      );
    },
    async resetSandbox() {
      patch({ resetting: true });
      try {
        const sandbox = await callOn(get, 'live', (api) => api.demo.reset({}), {
          failure: 'Reset',
          success: 'Sandbox reset: its sessions, keys, users and audit are gone; the next use starts a fresh one.',
        });
        if (!sandbox) return;
        patch({ sandbox, sandboxReadAt: Date.now() });
        // showing the sandbox: show the fresh one (its first call starts it). Still `resetting`
        // until the switch began, so the reset's own event does not switch a second time.
        if (get().target === 'sandbox') await get().switchTarget('sandbox', true);
      } finally {
        patch({ resetting: false });
      }
    },
    sandboxChanged(running) {
      if (get().demo.resetting) return;
      if (get().target === 'sandbox' && !running) {
        // reset elsewhere (another console): what is shown no longer exists
        void get().switchTarget('sandbox', true);
        return;
      }
      void get().loadSandbox();
    },
    setDemoPace(pace) {
      patch({ pace });
    },
    async runScenario(id, title) {
      stopReplay();
      patch({
        running: true,
        view: {
          runId: null,
          scenario: id,
          title: title ?? id,
          steps: [],
          verdict: null,
          fileVerdict: null,
          source: 'live',
        },
      });
      // the run is in the sandbox whichever instance is shown; a switch meanwhile keeps its answer
      const run = await callOn(get, 'live', (api) => api.demo.run({ scenario: id, pace: get().demo.pace }), {
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
      await get().loadSandbox();
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
