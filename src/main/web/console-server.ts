import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { isAdminMethod, type AdminErrorCode } from '../../shared/admin-api';
import type { Result } from '../../shared/result';
import type { GatehouseEvent } from '../../shared/events';
import type { AdminService } from '../admin/admin-service';
import type { EventBus } from '../auth/event-bus';
import { sha256b64u } from '../auth/random';
import { safeEqual } from '../lib/constant-time';
import { STORE_RETRY_AFTER } from '../http/errors';
import { addHostGuard, hostNamesFor } from '../http/host-guard';
import { lazySchemaCompilers } from '../http/lazy-schema-compilers';
import { CONSOLE_CSP } from './csp';

const SSE_HEARTBEAT_MS = 15_000;
export const CONSOLE_BODY_LIMIT = 512 * 1024;

/** Every answer of the admin transport, errors included, is the contract's envelope. */
const sendEnvelope = (reply: FastifyReply, status: number, code: AdminErrorCode, message: string): FastifyReply =>
  reply
    .code(status)
    .header('cache-control', 'no-store')
    .type('application/json; charset=utf-8')
    .send({ ok: false, error: { code, message } });

/**
 * An admin call's answer goes in the envelope whatever it says; a store that cannot be reached is
 * also 503 with `Retry-After`, so proxies, monitors and scripts see the outage without reading it.
 */
function sendResult(reply: FastifyReply, result: Result<unknown, AdminErrorCode>): FastifyReply {
  if (!result.ok && result.error.code === 'storage_unavailable')
    reply.code(503).header('retry-after', String(STORE_RETRY_AFTER));
  return reply.send(result);
}

/** The framework's refusals (bad JSON, empty body, size, media type) in the envelope, never its own body. */
function envelopeForFrameworkError(err: FastifyError, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return sendEnvelope(reply, 413, 'invalid_request', `the request body exceeds ${CONSOLE_BODY_LIMIT / 1024} KiB`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return sendEnvelope(reply, 415, 'invalid_request', 'send the request as application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return sendEnvelope(reply, 400, 'invalid_request', 'the request body is empty; send a JSON object ({} for none)');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return sendEnvelope(reply, 400, 'invalid_request', `the request body is not valid JSON: ${err.message}`);
  }
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)
    return sendEnvelope(reply, err.statusCode, 'invalid_request', err.message);
  console.error(`console server: ${req.method} ${req.url.split('?')[0]} failed:`, err);
  return sendEnvelope(reply, 500, 'internal', 'internal error; see the server log');
}

/** One AdminApi on the server side: its calls and its event stream. */
export interface AdminEndpoint {
  admin: Pick<AdminService, 'handle'>;
  bus: Pick<EventBus, 'subscribe'>;
}

export interface ConsoleServerOptions {
  host: string;
  port: number;
  adminToken: string;
  /** The built renderer (`out/renderer`). */
  rendererDir: string;
  /** The demo lab's sandbox, served under `/admin/sandbox/`; without it those paths are 404. */
  sandbox?: AdminEndpoint;
  /** Whether the start printed a `sign in:` link (not when the token came from the environment). */
  printedSignInLink?: boolean;
}

export interface ConsoleServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The admin web transport (docs/ARCHITECTURE.md "The admin transport"): the same AdminApi as IPC,
 * as `POST /admin/api/<method>` and Server-Sent Events on `GET /admin/events`, on its own loopback
 * port, behind the admin token. The demo lab's sandbox has the same two routes under
 * `/admin/sandbox/` (`/admin/sandbox/api/<method>`, `/admin/sandbox/events`), with every guard alike.
 */
export async function startConsoleServer(
  admin: Pick<AdminService, 'handle'>,
  bus: Pick<EventBus, 'subscribe'>,
  opts: ConsoleServerOptions,
): Promise<ConsoleServer> {
  const app = Fastify({
    logger: false,
    bodyLimit: CONSOLE_BODY_LIMIT,
    requestTimeout: 10_000,
    keepAliveTimeout: 5_000,
    return503OnClosing: true,
    // the admin calls are checked with zod (shared/admin-schemas): Fastify's compilers load only if a route declares a schema
    schemaController: lazySchemaCompilers(),
  });
  const hosts = new Set<string>();
  addHostGuard(app, hosts, (reply, message) => sendEnvelope(reply, 421, 'invalid_request', message));
  app.setErrorHandler(envelopeForFrameworkError);
  app.setNotFoundHandler((req, reply) =>
    req.url.startsWith('/admin/')
      ? sendEnvelope(reply, 404, 'not_found', `no admin endpoint ${req.method} ${req.url.split('?')[0]!.slice(0, 80)}`)
      : reply.code(404).type('text/plain').send('Not found'),
  );
  const tokenHash = sha256b64u(opts.adminToken);
  const openStreams = new Set<FastifyReply>();

  // compare hashes so the comparison is constant-time whatever the presented length
  const authorized = (req: FastifyRequest) => {
    const m = /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? '');
    return !!m && safeEqual(sha256b64u(m[1]!), tokenHash);
  };
  const deny = (reply: FastifyReply) =>
    sendEnvelope(
      reply.header('www-authenticate', 'Bearer realm="gatehouse-admin"'),
      401,
      'unauthorized',
      'admin token required',
    );

  app.addHook('onSend', async (_req, reply) => {
    reply.header('content-security-policy', CONSOLE_CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('cross-origin-resource-policy', 'same-origin');
  });

  // before the body is read: an unauthenticated caller gets 401, whatever it sent
  app.addHook('onRequest', async (req, reply) => {
    if (req.url.startsWith('/admin/') && !authorized(req)) return deny(reply);
  });

  /** The routes of one AdminApi under `base`: its calls and its event stream. */
  const mount = (base: string, endpoint: AdminEndpoint) => {
    app.post(`${base}/api/:method`, async (req, reply) => {
      const { method } = req.params as { method: string };
      reply.header('cache-control', 'no-store');
      if (!isAdminMethod(method))
        return sendEnvelope(reply, 404, 'unknown_method', `no admin method ${method.slice(0, 64)}`);
      return sendResult(reply, await endpoint.admin.handle(method, req.body));
    });
    app.route({
      method: ['GET', 'PUT', 'PATCH', 'DELETE'],
      url: `${base}/api/:method`,
      handler: async (_req, reply) =>
        sendEnvelope(reply.header('allow', 'POST'), 405, 'invalid_request', 'admin methods are called with POST'),
    });

    app.get(`${base}/events`, async (req, reply) => {
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'content-security-policy': CONSOLE_CSP,
      });
      res.write(': connected\n\n');
      const send = (event: GatehouseEvent) => res.write(`data: ${JSON.stringify(event)}\n\n`);
      const unsubscribe = endpoint.bus.subscribe(send);
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), SSE_HEARTBEAT_MS);
      openStreams.add(reply);
      req.raw.on('close', () => {
        clearInterval(heartbeat);
        unsubscribe();
        openStreams.delete(reply);
      });
    });
  };
  mount('/admin', { admin, bus });
  if (opts.sandbox) mount('/admin/sandbox', opts.sandbox);

  // Unauthenticated on purpose: the sign-in screen names the command that started the server
  // before it has a token. `scripts/start.mjs` sets GATEHOUSE_LAUNCHED_BY when `npm start` falls
  // back to headless mode; only the two known values are ever echoed, and whether a `sign in:` line
  // was printed at all (never the token).
  const launchedBy = process.env.GATEHOUSE_LAUNCHED_BY === 'npm start' ? 'npm start' : 'npm run serve';
  app.get('/launch.json', async (_req, reply) =>
    reply.header('cache-control', 'no-store').send({ command: launchedBy, signInLink: opts.printedSignInLink ?? true }),
  );

  if (fs.existsSync(path.join(opts.rendererDir, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: path.resolve(opts.rendererDir),
      index: 'index.html',
      cacheControl: false,
      serveDotFiles: false,
    });
  } else {
    app.get('/', async (_req, reply) =>
      reply
        .code(503)
        .type('text/plain')
        .send(`The console is not built (${opts.rendererDir} is missing). Run: npm run build`),
    );
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
