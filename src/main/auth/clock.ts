/** The one source of time for every domain service (unix seconds), injected so tests freeze it. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Math.floor(Date.now() / 1000) };

/** A clock that only moves when told to: for tests. */
export class FixedClock implements Clock {
  constructor(private t: number) {}
  now(): number {
    return this.t;
  }
  set(t: number): void {
    this.t = t;
  }
  advance(seconds: number): void {
    this.t += seconds;
  }
}

/**
 * A clock for driving an instance's time (the sandbox's, or the live one's with `--virtual-clock`):
 * runs at `rate`× real time, can pause and jump forward; only `reset` takes it back (to real time).
 * Every expiry (tokens, sessions, key retirement) follows it because every service reads it.
 */
export class VirtualClock implements Clock {
  private baseVirtualMs: number;
  private baseRealMs: number;
  private rate = 1;
  private paused = false;

  constructor(private readonly realNowMs: () => number = Date.now) {
    this.baseRealMs = realNowMs();
    this.baseVirtualMs = this.baseRealMs;
  }

  now(): number {
    return Math.floor(this.virtualMs() / 1000);
  }

  state(): { now: number; rate: number; paused: boolean } {
    return { now: this.now(), rate: this.rate, paused: this.paused };
  }

  set({ rate, paused }: { rate?: number; paused?: boolean }): void {
    this.rebase();
    if (rate !== undefined) this.rate = rate;
    if (paused !== undefined) this.paused = paused;
  }

  advance(seconds: number): void {
    this.rebase();
    this.baseVirtualMs += seconds * 1000;
  }

  /** Back to real time: the system's time, rate 1, not paused. */
  reset(): void {
    this.baseRealMs = this.realNowMs();
    this.baseVirtualMs = this.baseRealMs;
    this.rate = 1;
    this.paused = false;
  }

  private virtualMs(): number {
    return this.paused ? this.baseVirtualMs : this.baseVirtualMs + (this.realNowMs() - this.baseRealMs) * this.rate;
  }

  private rebase(): void {
    this.baseVirtualMs = this.virtualMs();
    this.baseRealMs = this.realNowMs();
  }
}
