import type { FastifyInstance } from 'fastify';
import type { Gatehouse } from '../../auth/gatehouse';
import { withAccessToken } from '../bearer';

/** The demo protected resource: hybrid verification, no store read. */
export function registerResourceRoutes(app: FastifyInstance, gatehouse: Gatehouse): void {
  app.get('/api/me', withAccessToken(gatehouse, (claims, _req, reply) => {
    reply.header('cache-control', 'no-store').send(claims);
  }));

  /** Unauthenticated twin of /api/me, the benchmark's baseline for the same server and framework. */
  app.get('/api/health', async (_req, reply) => reply.header('cache-control', 'no-store').send({ status: 'ok' }));
}
