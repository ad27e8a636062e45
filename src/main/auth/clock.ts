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
 * The demo lab's clock: runs at `rate`× real time, can pause and jump forward, never goes back.
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

  private virtualMs(): number {
    return this.paused ? this.baseVirtualMs : this.baseVirtualMs + (this.realNowMs() - this.baseRealMs) * this.rate;
  }

  private rebase(): void {
    this.baseVirtualMs = this.virtualMs();
    this.baseRealMs = this.realNowMs();
  }
}
