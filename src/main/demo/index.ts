import type { FastifyInstance } from 'fastify';
import type { VirtualClock } from '../auth/clock';
import type { Gatehouse } from '../auth/gatehouse';
import { DemoEngine } from './demo-engine';
import type { DemoCredentials } from './lab';
import { registerDemoRoutes } from './strategy-routes';

export { DemoEngine } from './demo-engine';

/**
 * The demo lab of one running instance, or nothing without the virtual clock: `extend` adds the
 * strategy routes to the auth server, `engine` is what the admin service runs scenarios with.
 */
export function createDemoLab(gatehouse: Gatehouse, clock: VirtualClock | undefined, credentials: DemoCredentials) {
  if (!clock) return { extend: undefined, engine: () => undefined };
  return {
    extend: (app: FastifyInstance) => registerDemoRoutes(app, gatehouse),
    engine: (authUrl: () => string) => new DemoEngine({ gatehouse, clock, authUrl, credentials }),
  };
}
