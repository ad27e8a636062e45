import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { isAdminMethod } from '../../shared/admin-api';
import type { GatehouseEvent } from '../../shared/events';
import type { AdminService } from '../admin/admin-service';
import type { EventBus } from '../auth/event-bus';
import { sha256b64u } from '../auth/random';
import { safeEqual } from '../lib/constant-time';
import { addHostGuard, hostNamesFor } from '../http/host-guard';
import { CONSOLE_CSP } from './csp';

const SSE_HEARTBEAT_MS = 15_000;

export interface ConsoleServerOptions {
  host: string;
  port: number;
  adminToken: string;
  /** The built renderer (`out/renderer`). */
  rendererDir: string;
}

export interface ConsoleServer {
  url: string;
  close(): Promise<void>;
}

/**
 * DESIGN.md "Admin web transport": the same AdminApi as IPC, as `POST /admin/api/<method>` and
 * Server-Sent Events on `GET /admin/events`, on its own loopback port, behind the admin token.
 */
export async function startConsoleServer(admin: AdminService, bus: EventBus, opts: ConsoleServerOptions): Promise<ConsoleServer> {
  const app = Fastify({ logger: false, bodyLimit: 512 * 1024, requestTimeout: 10_000, keepAliveTimeout: 5_000, return503OnClosing: true });
  const hosts = new Set<string>();
  addHostGuard(app, hosts);
  const tokenHash = sha256b64u(opts.adminToken);
  const openStreams = new Set<FastifyReply>();

  // compare hashes so the comparison is constant-time whatever the presented length
  const authorized = (req: FastifyRequest) => {
    const m = /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? '');
    return !!m && safeEqual(sha256b64u(m[1]!), tokenHash);
  };
  const deny = (reply: FastifyReply) =>
    reply.code(401).header('www-authenticate', 'Bearer realm="gatehouse-admin"').send({ ok: false, error: { code: 'unauthorized', message: 'admin token required' } });

  app.addHook('onSend', async (_req, reply) => {
    reply.header('content-security-policy', CONSOLE_CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('cross-origin-resource-policy', 'same-origin');
  });

  app.post('/admin/api/:method', async (req, reply) => {
    if (!authorized(req)) return deny(reply);
    const { method } = req.params as { method: string };
    reply.header('cache-control', 'no-store');
    if (!isAdminMethod(method)) return reply.code(404).send({ ok: false, error: { code: 'unknown_method', message: `no admin method ${method.slice(0, 64)}` } });
    return reply.send(await admin.handle(method, req.body));
  });

  app.get('/admin/events', async (req, reply) => {
    if (!authorized(req)) return deny(reply);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no', 'content-security-policy': CONSOLE_CSP });
    res.write(': connected\n\n');
    const send = (event: GatehouseEvent) => res.write(`data: ${JSON.stringify(event)}\n\n`);
    const unsubscribe = bus.subscribe(send);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), SSE_HEARTBEAT_MS);
    openStreams.add(reply);
    req.raw.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      openStreams.delete(reply);
    });
  });

  // Unauthenticated on purpose: the sign-in screen names the command that started the server
  // before it has a token. `scripts/start.mjs` sets GATEHOUSE_LAUNCHED_BY when `npm start` falls
  // back to headless mode; only the two known values are ever echoed.
  const launchedBy = process.env.GATEHOUSE_LAUNCHED_BY === 'npm start' ? 'npm start' : 'npm run serve';
  app.get('/launch.json', async (_req, reply) => reply.header('cache-control', 'no-store').send({ command: launchedBy }));

  if (fs.existsSync(path.join(opts.rendererDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: path.resolve(opts.rendererDir), index: 'index.html', cacheControl: false, serveDotFiles: false });
  } else {
    app.get('/', async (_req, reply) =>
      reply.code(503).type('text/plain').send(`The console is not built (${opts.rendererDir} is missing). Run: npm run build`));
  }

  await app.listen({ host: opts.host, port: opts.port });
  const { port } = app.server.address() as AddressInfo;
  for (const name of hostNamesFor(opts.host, port)) hosts.add(name);
  return {
    url: `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}/`,
    async close() {
      for (const stream of openStreams) stream.raw.end();
      await app.close();
    },
  };
}
