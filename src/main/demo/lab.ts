import type { DemoStep, DemoStepBody, DemoVerdict } from '../../shared/demo';
import type { VirtualClock } from '../auth/clock';
import type { Gatehouse } from '../auth/gatehouse';

export interface DemoCredentials {
  username: string;
  password: string;
}

/**
 * What a running scenario works with: the real Gatehouse (for admin actions, as the console
 * would do them), the auth server's URL (for client requests, as an app would send them), the
 * virtual clock, and the recorder every step goes through.
 */
export class Lab {
  readonly steps: DemoStep[] = [];
  private readonly counters = new Map<string, number>();
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
    if (pause && !this.fastForward && this.pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, this.pauseMs));
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

  lifetime(of: 'session' | 'refresh' | 'access' | 'key', label: string, from: number, to: number, ended: 'revoked' | 'rotated' | 'reused' | 'expired' | null = null): Promise<DemoStep> {
    return this.record({ kind: 'lifetime', of, label, from, to, ended }, false);
  }
}

export interface Check {
  label: string;
  pass: boolean;
}

/** Builds a verdict from what was measured; the summary names the first failed check. */
export function verdictOf(checks: Check[], passSummary: string): DemoVerdict {
  const failed = checks.find((c) => !c.pass);
  return { pass: !failed, summary: failed ? `Failed: ${failed.label}` : passSummary, checks };
}

export type ScenarioRun = (lab: Lab) => Promise<DemoVerdict>;
