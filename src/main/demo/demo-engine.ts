import type { DemoPace, DemoRun, DemoScenarioId, DemoScenarioView } from '../../shared/demo';
import { RUN_STOPPED, verdictFor } from '../../shared/demo-verdicts';
import type { VirtualClock } from '../auth/clock';
import { AuthError } from '../auth/errors';
import type { Gatehouse } from '../auth/gatehouse';
import { randomId } from '../auth/random';
import { scenarioById, SCENARIOS } from './catalogue';
import { Lab, type DemoCredentials } from './lab';

export interface DemoEngineOptions {
  gatehouse: Gatehouse;
  clock: VirtualClock;
  /** The auth server's URL, where the demo client sends its requests. */
  authUrl: () => string;
  /** The demo user the clients log in as. */
  credentials: DemoCredentials;
  /** Real pause after each visible step in `watch` pace (default 180 ms). */
  watchPauseMs?: number;
}

/**
 * Runs the demo lab's scenarios against one Gatehouse's real auth server (the sandbox's:
 * sandbox.ts): one run at a time, on its virtual clock (held still during a run, so the scenario
 * alone decides how time passes, and restored afterwards). Each step is pushed as a `demo.step`
 * event while it happens.
 */
export class DemoEngine {
  private running: string | null = null;

  constructor(private readonly opts: DemoEngineOptions) {}

  scenarios(): DemoScenarioView[] {
    return SCENARIOS.map(({ id, title, explanation, actors }) => ({ id, title, explanation, actors }));
  }

  async run(id: DemoScenarioId, pace: DemoPace = 'watch'): Promise<DemoRun> {
    if (this.running)
      throw new AuthError('conflict', `a demo run (${this.running}) is in progress; wait for its verdict`);
    const { gatehouse, clock } = this.opts;
    const scenario = scenarioById(id);
    const runId = randomId(12);
    this.running = runId;
    const wasPaused = clock.state().paused;
    clock.set({ paused: true });
    const startedAt = clock.now();
    const lab = new Lab(
      runId,
      gatehouse,
      clock,
      this.opts.authUrl(),
      this.opts.credentials,
      pace === 'instant' ? 0 : (this.opts.watchPauseMs ?? 180),
    );
    try {
      gatehouse.bus.emit({ type: 'demo.started', at: startedAt, runId, scenario: id, title: scenario.title });
      await scenario.run(lab);
    } catch (err) {
      console.error(`demo scenario ${id} failed:`, err);
      await lab.note(`${RUN_STOPPED}${(err as Error).message}`.slice(0, 1000)).catch(() => undefined);
    } finally {
      clock.set({ paused: wasPaused });
      this.running = null;
    }
    // judged by the rules a replay applies to the same steps
    const verdict = verdictFor(id, lab.steps);
    gatehouse.bus.emit({ type: 'demo.finished', at: clock.now(), runId, verdict });
    return {
      format: 'gatehouse-demo-run/1',
      id: runId,
      scenario: id,
      title: scenario.title,
      startedAt,
      finishedAt: clock.now(),
      steps: lab.steps,
      verdict,
    };
  }
}
