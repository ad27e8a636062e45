import fs from 'node:fs';
import { VirtualClock } from '../../src/main/auth/clock';
import type { Gatehouse } from '../../src/main/auth/gatehouse';
import { DemoEngine } from '../../src/main/demo';
import { registerDemoRoutes } from '../../src/main/demo/strategy-routes';
import type { AuthServer } from '../../src/main/http/auth-server';
import { composeInstance } from '../../src/main/runtime/compose';
import { ensureDemoData } from '../../src/main/runtime/open-gatehouse';
import type { DemoStep, DemoStepOf } from '../../src/shared/demo';
import type { GatehouseEvent } from '../../src/shared/events';
import { CLIENT_SECRET, DEMO_PASSWORD, makeTempDir } from '../support/gatehouse-fixture';

export interface DemoFixture {
  gatehouse: Gatehouse;
  clock: VirtualClock;
  server: AuthServer;
  engine: DemoEngine;
  events: GatehouseEvent[];
  close(): Promise<void>;
}

/**
 * The engine on its own: an in-process Gatehouse on a virtual clock, composed by the root as the
 * sandbox's are (its real auth server on port 0 with the demo routes), without the sandbox.
 */
export async function startDemoLab(): Promise<DemoFixture> {
  const dir = makeTempDir();
  const clock = new VirtualClock();
  clock.set({ paused: true });
  const instance = await composeInstance({
    dataDir: dir,
    clock,
    env: {},
    seed: (g) => ensureDemoData(g, DEMO_PASSWORD, CLIENT_SECRET),
    server: { host: '127.0.0.1', port: 0, extend: (app, g) => registerDemoRoutes(app, g) },
    admin: { mode: 'headless', version: 'test', instance: 'sandbox' },
    // the engine's tests drive time themselves: no timer sweeps or rotates between their steps
    maintenance: false,
  });
  const { gatehouse, auth: server } = instance;
  const engine = new DemoEngine({
    gatehouse,
    clock,
    authUrl: () => server.url,
    credentials: { username: 'alice', password: DEMO_PASSWORD },
  });
  const events: GatehouseEvent[] = [];
  gatehouse.bus.subscribe((e) => events.push(e));
  return {
    gatehouse,
    clock,
    server,
    engine,
    events,
    async close() {
      await instance.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
export const requests = (steps: DemoStep[]) => steps.filter((s): s is DemoStepOf<'request'> => s.kind === 'request');
/** "actor METHOD path status reason" per request: compact enough to compare whole runs. */
export const describeRequests = (steps: DemoStep[], path?: string) =>
  requests(steps)
    .filter((s) => !path || s.path === path)
    .map((s) => `${s.actor} ${s.method} ${s.path} ${s.status}${s.reason ? ` ${s.reason}` : ''}`);
