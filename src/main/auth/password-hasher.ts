import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Worker } from 'node:worker_threads';
import type { ScryptJob, ScryptReply, ScryptRequest, ScryptWorkerData } from './scrypt-job';
import { siblingModule, startWorkerModule, threadModule } from './worker-module';

export type { ScryptJob } from './scrypt-job';

/**
 * The hasher refused a job because it could not finish in time: at once on arrival, or, rarely,
 * while it was queued (see `deadlineMs`). Try again after `retryAfter` seconds.
 */
export class HashingBusyError extends Error {
  constructor(
    /** Whole seconds, ≥ 1: roughly how long the jobs already admitted take to drain. */
    readonly retryAfter: number,
  ) {
    super('password hashing is at capacity; try again shortly');
    this.name = 'HashingBusyError';
  }
}

export interface PasswordHasherOptions {
  /**
   * Worker threads running scrypt. Default: one per CPU (os.availableParallelism()): a rush of
   * sign-ins is served at the machine's speed, while their low priority (`niceness`) keeps the
   * event loop and signature verification ahead of them.
   */
  threads?: number;
  /** A job is refused when its expected completion (wait + its own run) exceeds this. Default 2500 ms. */
  budgetMs?: number;
  /**
   * Safety net for a hopeful estimate (the CPU got busier after admission): a queued job that could
   * no longer finish within this long of its arrival is refused, at its latest start time or when
   * its turn comes, whichever is first, instead of started. Default 2750 ms: with the HTTP round
   * trip on top, a login is still answered within 3 s.
   */
  deadlineMs?: number;
  /** Hard cap on jobs waiting for a thread, whatever the estimate says. Default 64. */
  maxQueued?: number;
  /**
   * The estimated duration of one job until the first has been timed (default 500 ms). `null`: until
   * then a job is admitted only when a thread is free (nothing queues on a guess).
   */
  initialEstimateMs?: number | null;
  /** Nice value of the hashing threads on Linux (per thread there): they yield the CPU to the event loop and verification. Default 5; 0 leaves it. */
  niceness?: number;
  /** The worker thread's module (file URL); tests give one that can crash. Default: defaultScryptWorker(). */
  worker?: URL;
}

export interface PasswordHasherStats {
  threads: number;
  running: number;
  queued: number;
  /** The moving average of a job's duration (ms), or null until one has been timed. */
  averageMs: number | null;
  completed: number;
  /** Refused at once on arrival. */
  refused: number;
  /** Admitted, then refused while still queued because they could no longer meet the deadline. */
  expired: number;
  /** Worker threads started so far (a crashed one is replaced by a new one). */
  spawned: number;
  crashed: number;
}

/**
 * scrypt-worker.ts, or its built copy: beside this code, which is password-hasher.ts from source and
 * the bundle once built (see siblingModule).
 */
export function defaultScryptWorker(): URL {
  return siblingModule(import.meta.url, 'scrypt-worker');
}

interface Pending {
  id: number;
  job: ScryptJob;
  /** performance.now() at admission, and when a thread took it. */
  admittedAt: number;
  startedAt: number;
  /** Admitted into the queue (no thread was free), not straight onto a thread. */
  queued: boolean;
  /** Refuses the job if it is still queued at its latest start (deadline − estimate). */
  expiry?: NodeJS.Timeout;
  resolve(key: Buffer): void;
  reject(err: Error): void;
}

interface Slot {
  worker: Worker | null;
  current: Pending | null;
}

/** Weight of the newest duration in the moving average. */
const EWMA_ALPHA = 0.25;

/**
 * A bounded executor for scrypt: a few dedicated worker threads and admission control. A job is
 * admitted when a thread is free, or when the jobs ahead of it plus its own run are expected to
 * finish within the budget (from measured durations) and the queue is under its cap; otherwise it is
 * refused at once with HashingBusyError, never left waiting. A queued job that can no longer finish
 * by the deadline (the CPU got busier) is refused before it starts. A job already running is let
 * finish: when one hash alone outlasts the deadline (an overloaded CPU), its caller waits for it.
 * Idle workers are unref'd (they do not keep a process alive); busy ones are ref'd until their job
 * answers. A worker that dies fails only its own job and is replaced on demand.
 */
/** scrypt N=2^17 takes ~0.2–0.6 s on one core of common machines; replaced by measurements at once. */
const DEFAULT_INITIAL_ESTIMATE_MS = 500;

export class PasswordHasher {
  readonly threads: number;
  private readonly budgetMs: number;
  private readonly deadlineMs: number;
  private readonly maxQueued: number;
  private readonly niceness: number;
  private readonly worker: URL;
  private readonly slots: Slot[];
  private readonly queue: Pending[] = [];
  private averageMs: number | null;
  private lastMs: number | null = null;
  private nextId = 1;
  private closed = false;
  private counters = { completed: 0, refused: 0, expired: 0, spawned: 0, crashed: 0 };

  constructor(opts: PasswordHasherOptions = {}) {
    this.threads = Math.max(1, Math.floor(opts.threads ?? os.availableParallelism()));
    this.budgetMs = opts.budgetMs ?? 2500;
    this.deadlineMs = opts.deadlineMs ?? 2750;
    this.maxQueued = Math.max(0, opts.maxQueued ?? 64);
    this.niceness = opts.niceness ?? 5;
    // a guess until the first hash is timed, so that two logins at start-up both get a turn
    this.averageMs = opts.initialEstimateMs === undefined ? DEFAULT_INITIAL_ESTIMATE_MS : opts.initialEstimateMs;
    // from source this bundles the TypeScript worker (once per process): here, not in a job's time
    this.worker = threadModule(opts.worker ?? defaultScryptWorker());
    this.slots = Array.from({ length: this.threads }, () => ({ worker: null, current: null }));
  }

  /**
   * The HashingBusyError a job submitted now would get (counted as a refusal), or null when it would
   * be admitted. A caller with work to do before hashing (a login's store writes) asks first, so a
   * flood that would be refused costs nothing but its refusal.
   */
  refusal(): HashingBusyError | null {
    const ahead = this.slots.filter((s) => s.current).length + this.queue.length;
    // a free thread takes the job at once
    if (ahead < this.threads) return null;
    const avg = this.estimateMs();
    const expectedMs = avg === null ? Infinity : ((ahead + 1) * avg) / this.threads;
    if (this.queue.length < this.maxQueued && expectedMs <= this.budgetMs) return null;
    this.counters.refused++;
    return this.busy(ahead);
  }

  /** Derives the key, or rejects at once with HashingBusyError when the wait would exceed the budget. */
  scrypt(job: ScryptJob): Promise<Buffer> {
    if (this.closed) return Promise.reject(new Error('the password hasher is closed'));
    const refused = this.refusal();
    if (refused) return Promise.reject(refused);
    const ahead = this.slots.filter((s) => s.current).length + this.queue.length;
    return new Promise((resolve, reject) => {
      const pending: Pending = {
        id: this.nextId++,
        job,
        resolve,
        reject,
        admittedAt: performance.now(),
        startedAt: 0,
        queued: ahead >= this.threads,
      };
      this.queue.push(pending);
      const estimate = this.estimateMs();
      if (pending.queued && estimate !== null) {
        // still waiting at its latest start: answer now rather than after the deadline
        pending.expiry = setTimeout(() => this.expire(pending), Math.max(0, this.deadlineMs - estimate));
        pending.expiry.unref();
      }
      this.pump();
    });
  }

  /**
   * A job's expected duration, erring long: the moving average, or the last job's duration, or how
   * long a running job has taken so far, whichever is longest (a busier CPU shows at once, a calmer
   * one gradually); null until one has been timed, unless an initial estimate was given.
   */
  private estimateMs(): number | null {
    const now = performance.now();
    let estimate = this.averageMs === null ? null : Math.max(this.averageMs, this.lastMs ?? 0);
    for (const { current } of this.slots)
      if (current && estimate !== null) estimate = Math.max(estimate, now - current.startedAt);
    return estimate;
  }

  private expire(pending: Pending): void {
    const i = this.queue.indexOf(pending);
    if (i < 0) return;
    this.queue.splice(i, 1);
    this.counters.expired++;
    pending.reject(this.busy(this.queue.length + this.threads));
  }

  private busy(ahead: number): HashingBusyError {
    const drainMs = ((this.estimateMs() ?? 1000) * ahead) / this.threads;
    return new HashingBusyError(Math.max(1, Math.ceil(drainMs / 1000)));
  }

  stats(): PasswordHasherStats {
    return {
      threads: this.threads,
      running: this.slots.filter((s) => s.current).length,
      queued: this.queue.length,
      averageMs: this.averageMs,
      ...this.counters,
    };
  }

  /** Stops the workers; jobs still queued or running are rejected. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const err = new Error('the password hasher is closed');
    for (const pending of this.queue.splice(0)) {
      clearTimeout(pending.expiry);
      pending.reject(err);
    }
    await Promise.all(
      this.slots.map(async (slot) => {
        const { worker, current } = slot;
        slot.worker = null;
        slot.current = null;
        current?.reject(err);
        await worker?.terminate();
      }),
    );
  }

  private pump(): void {
    while (!this.closed && this.queue.length) {
      const slot = this.slots.find((s) => !s.current);
      if (!slot) return;
      const pending = this.queue.shift()!;
      clearTimeout(pending.expiry);
      const now = performance.now();
      const estimate = this.estimateMs();
      if (pending.queued && estimate !== null && now - pending.admittedAt + estimate > this.deadlineMs) {
        // admitted on a hopeful estimate: refuse it now rather than answer after the deadline
        this.counters.expired++;
        pending.reject(this.busy(this.queue.length + this.threads));
        continue;
      }
      let worker: Worker;
      try {
        worker = slot.worker ??= this.spawn(slot);
      } catch (err) {
        pending.reject(err instanceof Error ? err : new Error(String(err)));
        continue;
      }
      slot.current = pending;
      pending.startedAt = now;
      worker.ref();
      const { password, salt, keyLength, N, r, p, maxmem } = pending.job;
      const request: ScryptRequest = { id: pending.id, password, salt, keyLength, N, r, p, maxmem };
      worker.postMessage(request);
    }
  }

  private spawn(slot: Slot): Worker {
    const workerData: ScryptWorkerData = { niceness: this.niceness };
    const worker = startWorkerModule(this.worker, { workerData });
    this.counters.spawned++;
    worker.unref();
    let failure: Error | null = null;
    worker.on('message', (reply: ScryptReply) => {
      const pending = slot.current;
      if (slot.worker !== worker || !pending || pending.id !== reply.id) return;
      slot.current = null;
      worker.unref();
      if ('error' in reply) {
        pending.reject(new Error(`scrypt failed: ${reply.error}`));
      } else {
        this.counters.completed++;
        this.averageMs =
          this.averageMs === null || this.counters.completed === 1
            ? reply.ms
            : this.averageMs + EWMA_ALPHA * (reply.ms - this.averageMs);
        this.lastMs = reply.ms;
        pending.resolve(Buffer.from(reply.key.buffer, reply.key.byteOffset, reply.key.byteLength));
      }
      this.pump();
    });
    worker.on('error', (err) => {
      failure = err;
    });
    worker.on('exit', (code) => {
      if (slot.worker !== worker) return;
      // died (an uncaught error, out of memory, terminated): fail only its own job, replace it on demand
      this.counters.crashed++;
      slot.worker = null;
      const pending = slot.current;
      slot.current = null;
      pending?.reject(new Error(`the password-hashing thread stopped (${failure?.message ?? `exit code ${code}`})`));
      this.pump();
    });
    return worker;
  }
}
