import type { DemoStep, DemoStepBody, DemoStepOf } from '../../shared/demo';
import type { VirtualClock } from '../auth/clock';
import type { Gatehouse } from '../auth/gatehouse';

export interface DemoCredentials {
  username: string;
  password: string;
}

/**
 * What a running scenario works with: the sandbox's Gatehouse (for admin actions, as the console
 * would do them), the auth server's URL (for client requests, as an app would send them), the
 * virtual clock, and the recorder every step goes through.
 */
export class Lab {
  readonly steps: DemoStep[] = [];
  private readonly counters = new Map<string, number>();
  private readonly labels = new Map<string, string>();
  /** While true, steps are recorded without the human-friendly pause. */
  fastForward = false;

  constructor(
    readonly runId: string,
    readonly gatehouse: Gatehouse,
    readonly clock: VirtualClock,
    readonly authUrl: string,
    readonly credentials: DemoCredentials,
    /** Real milliseconds to wait after each visible step (0: as fast as possible). */
    private readonly pauseMs: number,
  ) {}

  /** Records a step, pushes it to every console, then lets a human catch up. */
  async record(body: DemoStepBody, pause = true): Promise<DemoStep> {
    const step = { ...body, seq: this.steps.length, at: this.clock.now() } as DemoStep;
    this.steps.push(step);
    this.gatehouse.bus.emit({ type: 'demo.step', at: step.at, runId: this.runId, step });
    if (pause && !this.fastForward && this.pauseMs > 0)
      await new Promise((resolve) => setTimeout(resolve, this.pauseMs));
    return step;
  }

  note(text: string): Promise<DemoStep> {
    return this.record({ kind: 'note', text });
  }

  /** "access #3": numbered per run, so the log can say which token a request carried. */
  nextLabel(kind: string): string {
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    return `${kind} #${n}`;
  }

  /**
   * The label of a token value: a new number for a value not seen in this run, the same label for
   * one seen before. So two labels are two different tokens, which the verdict relies on.
   */
  labelFor(kind: string, token: string): string {
    const key = `${kind}\n${token}`;
    let label = this.labels.get(key);
    if (!label) this.labels.set(key, (label = this.nextLabel(kind)));
    return label;
  }

  /** Virtual time passes; expiry sweeps and key schedules run as they would have meanwhile. */
  async advance(seconds: number, pause = true): Promise<void> {
    this.clock.advance(seconds);
    await this.gatehouse.tick();
    await this.record({ kind: 'clock', advanced: seconds, now: this.clock.now() }, pause);
  }

  /** An admin action, done through the domain services exactly as the console does it. */
  async admin<T>(action: string, target: string, run: () => Promise<T>): Promise<T> {
    const value = await run();
    await this.record({ kind: 'admin', action, target });
    return value;
  }

  lifetime(
    of: 'session' | 'refresh' | 'access' | 'key',
    label: string,
    from: number,
    to: number,
    ended: 'revoked' | 'rotated' | 'reused' | 'expired' | null = null,
    token: { kid?: string; ver?: number | null } = {},
  ): Promise<DemoStep> {
    return this.record({ kind: 'lifetime', of, label, from, to, ended, ...token }, false);
  }

  /** Records what the server's store or key ring says now, for the verdict (shared/demo-verdicts.ts). */
  observe(subject: string, property: string, value: DemoStepOf<'state'>['value']): Promise<DemoStep> {
    return this.record({ kind: 'state', subject, property, value }, false);
  }
}

/**
 * Plays a scenario: real requests, admin actions and what the server's state says, each recorded
 * as a step. Its verdict is not the scenario's to give: it is computed from the steps by the rules
 * in shared/demo-verdicts.ts, the same ones a replay applies.
 */
export type ScenarioRun = (lab: Lab) => Promise<void>;
