/**
 * The demo lab's sandbox: a second Gatehouse inside this process, so that the lab's scenarios
 * (which move the clock, emergency-revoke the signing key, bump a user's token version and open
 * sessions) never touch the live instance. This module is its life cycle: it starts on first use,
 * is reset on request (closed and deleted; the next use starts a fresh one) and is closed with
 * the process. What an instance is made of (its own store in a temporary folder, an in-memory
 * key-encryption key, the demo users with a password of its own, its auth server on a loopback
 * port with the demo strategy routes) is the composition root's (runtime/sandbox-instance.ts),
 * which hands the sandbox a factory: the sandbox never wires a Gatehouse itself.
 *
 * Its AdminApi is the same contract as the live one (`admin`, `bus`), so the console's screens
 * show it as they show the live instance. Every run first copies the live settings (all but the
 * issuer), so a run shows what the live lifetimes and tolerances do.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AdminMethod, AdminResponses, AdminResult } from '../../shared/admin-api';
import type { SandboxView } from '../../shared/admin-views';
import type { DemoPace, DemoRun, DemoScenarioId } from '../../shared/demo';
import type { GatehouseEvent } from '../../shared/events';
import { parseAdminRequest } from '../../shared/admin-schemas';
import { VirtualClock } from '../auth/clock';
import { AuthError } from '../auth/errors';
import { EventBus } from '../auth/event-bus';
import type { Gatehouse } from '../auth/gatehouse';
import { randomId } from '../auth/random';
import { DemoEngine } from './demo-engine';

/** Who the copied settings are saved by, in the sandbox's audit log. */
const SETTINGS_ACTOR = 'demo lab';
/** The demo user the scenarios' clients log in as. */
const DEMO_USERNAME = 'alice';

type AdminHandle = {
  handle<M extends AdminMethod>(method: M, request: unknown): Promise<AdminResult<AdminResponses[M]>>;
};

/** What the sandbox asks the composition root for: one Gatehouse on this folder and clock, with the demo users. */
export interface SandboxInstanceRequest {
  dataDir: string;
  clock: VirtualClock;
  /** The demo users' password (the lab's clients log in with it). */
  demoPassword: string;
}

/** One composed sandbox instance: its domain, its auth server's URL, its AdminApi. */
export interface SandboxInstance {
  gatehouse: Gatehouse;
  authUrl: string;
  admin: AdminHandle;
  close(): Promise<void>;
}

export interface SandboxOptions {
  /** The live instance: its settings are copied before each run, and the runs' demo.* events reach its bus. */
  live: Gatehouse;
  /** The composition root's factory of sandbox instances. */
  compose: (request: SandboxInstanceRequest) => Promise<SandboxInstance>;
  /**
   * Answers one admin call as data with `handler` (the admin layer's runAdminCall): how the
   * control methods `demo.sandbox` and `demo.reset` answer without a running sandbox.
   */
  runCall: <M extends AdminMethod>(
    method: M,
    request: unknown,
    handler: () => Promise<AdminResponses[M]>,
  ) => Promise<AdminResult<AdminResponses[M]>>;
  /** Where the sandbox's temporary folder is made (default: the OS temp folder). */
  tmpDir?: string;
  /** Real pause after each visible step in `watch` pace (tests shorten it). */
  watchPauseMs?: number;
}

/** One started sandbox; a reset closes it and the next use starts another. */
interface Instance {
  dir: string;
  composed: SandboxInstance;
  clock: VirtualClock;
  engine: DemoEngine;
  stopForwarding: () => void;
}

export class Sandbox {
  /** The sandbox's event stream, for its console: the same object across resets. */
  readonly bus = new EventBus();
  /**
   * The sandbox's AdminApi (the same contract as the live one). Any call starts the sandbox when
   * it is not running, except `demo.sandbox` and `demo.reset`, which answer about it.
   */
  readonly admin: AdminHandle = { handle: (method, request) => this.handle(method, request) };
  private starting: Promise<Instance> | null = null;
  private current: Instance | null = null;
  private running = 0;
  private closed = false;
  /** Deletes the current folder if the process ends without `close` (a crash, process.exit). */
  private readonly onExit = () => {
    if (this.current) fs.rmSync(this.current.dir, { recursive: true, force: true });
  };

  constructor(private readonly opts: SandboxOptions) {}

  /** The state `demo.sandbox` answers; never starts the sandbox. */
  state(): SandboxView {
    const inst = this.current;
    return inst
      ? { running: true, authUrl: inst.composed.authUrl, clock: inst.clock.state() }
      : { running: false, authUrl: null, clock: null };
  }

  /** Runs one scenario in the sandbox (started first if need be) with the live settings copied in. */
  async run(scenario: DemoScenarioId, pace?: DemoPace): Promise<DemoRun> {
    const inst = await this.ensure();
    if (inst !== this.current)
      throw new AuthError('conflict', 'the sandbox was reset meanwhile; run the scenario again');
    if (this.running > 0)
      throw new AuthError('conflict', 'a demo run is in progress in the sandbox; wait for its verdict');
    this.running++;
    try {
      await this.copyLiveSettings(inst);
      return await inst.engine.run(scenario, pace);
    } finally {
      this.running--;
    }
  }

  /** Closes the sandbox and deletes its folder; the next use starts a fresh one. */
  async reset(): Promise<SandboxView> {
    if (this.running > 0)
      throw new AuthError('conflict', 'a demo run is in progress in the sandbox; reset it after the verdict');
    await this.shutdown();
    this.announce(false);
    return this.state();
  }

  /** With the process: closes the sandbox and deletes its folder; no use starts it again. */
  async close(): Promise<void> {
    this.closed = true;
    await this.shutdown();
  }

  private async handle<M extends AdminMethod>(method: M, request: unknown): Promise<AdminResult<AdminResponses[M]>> {
    if (method === 'demo.sandbox' || method === 'demo.reset') {
      const control = method === 'demo.sandbox' ? async () => this.state() : () => this.reset();
      return this.opts.runCall(method, request, control as never);
    }
    // a request the contract refuses does not start a Gatehouse
    const parsed = parseAdminRequest(method, request);
    if (!parsed.ok) return parsed;
    let inst: Instance;
    try {
      inst = await this.ensure();
    } catch (err) {
      if (err instanceof AuthError) return { ok: false, error: { code: 'invalid_state', message: err.message } };
      console.error('gatehouse: the demo lab sandbox could not start:', err);
      return {
        ok: false,
        error: { code: 'internal', message: `the sandbox could not start: ${(err as Error).message}` },
      };
    }
    return inst.composed.admin.handle(method, request);
  }

  private ensure(): Promise<Instance> {
    if (this.closed)
      return Promise.reject(new AuthError('invalid_state', 'the sandbox is closed: Gatehouse is stopping'));
    this.starting ??= this.start().catch((err: unknown) => {
      this.starting = null;
      throw err;
    });
    return this.starting;
  }

  private async start(): Promise<Instance> {
    const dir = fs.mkdtempSync(path.join(this.opts.tmpDir ?? os.tmpdir(), 'gatehouse-sandbox-'));
    const clock = new VirtualClock();
    let composed: SandboxInstance | undefined;
    try {
      // a password of its own, which no one needs to know: only the lab's clients log in
      const credentials = { username: DEMO_USERNAME, password: randomId(24) };
      composed = await this.opts.compose({ dataDir: dir, clock, demoPassword: credentials.password });
      const { gatehouse, authUrl } = composed;
      const engine = new DemoEngine({
        gatehouse,
        clock,
        authUrl: () => authUrl,
        credentials,
        watchPauseMs: this.opts.watchPauseMs,
      });
      const stopForwarding = gatehouse.bus.subscribe((event) => this.forward(event));
      const inst: Instance = { dir, composed, clock, engine, stopForwarding };
      if (this.closed) {
        await this.dispose(inst);
        throw new AuthError('invalid_state', 'the sandbox is closed: Gatehouse is stopping');
      }
      this.current = inst;
      process.on('exit', this.onExit);
      this.announce(true);
      return inst;
    } catch (err) {
      await composed?.close().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
      throw err;
    }
  }

  /** Every event to the sandbox's stream; the runs' demo.* events also to the live one, in its time. */
  private forward(event: GatehouseEvent): void {
    this.bus.emit(event);
    if (event.type.startsWith('demo.')) this.opts.live.bus.emit({ ...event, at: this.opts.live.clock.now() });
  }

  private announce(running: boolean): void {
    const sandboxAt = this.current?.clock.now() ?? Math.floor(Date.now() / 1000);
    this.bus.emit({ type: 'sandbox.changed', at: sandboxAt, running });
    this.opts.live.bus.emit({ type: 'sandbox.changed', at: this.opts.live.clock.now(), running });
  }

  private async copyLiveSettings(inst: Instance): Promise<void> {
    const { issuer: _issuer, ...live } = this.opts.live.settings.get();
    try {
      await inst.composed.gatehouse.settings.update(live, SETTINGS_ACTOR);
    } catch (err) {
      if (!(err instanceof AuthError)) throw err;
      throw new AuthError('settings_invalid', `the live settings could not be copied into the sandbox: ${err.message}`);
    }
  }

  private async shutdown(): Promise<void> {
    const starting = this.starting;
    this.starting = null;
    const inst = await starting?.catch(() => null);
    if (!inst) return;
    if (this.current === inst) this.current = null;
    process.off('exit', this.onExit);
    await this.dispose(inst);
  }

  private async dispose(inst: Instance): Promise<void> {
    inst.stopForwarding();
    try {
      await inst.composed.close();
    } finally {
      fs.rmSync(inst.dir, { recursive: true, force: true });
    }
  }
}
