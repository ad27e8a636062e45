import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { Gatehouse } from '../auth/gatehouse';
import { AuthCookies } from './cookies';
import { handleFrameworkError, sendError } from './errors';
import { addHostGuard, hostNamesFor } from './host-guard';
import { isSameOriginRequest, originsFor } from './origin-guard';
import { lazySchemaCompilers } from './lazy-schema-compilers';
import { registerEndpoints } from './register-endpoints';
import type { TestHooks } from './test-hooks';
import { installTestHooks } from './test-hooks-server';

export const BODY_LIMIT = 64 * 1024;
const PREFLIGHT_MAX_AGE = 600;

/**
 * CORS for an explicit allow-list of origins only (a browser app on another origin calling the
 * auth server); nothing is sent for any other origin, and nothing at all when the list is empty.
 * Credentials are allowed so that the refresh cookie works for a listed origin.
 */
async function addCors(app: FastifyInstance, origins: readonly string[]): Promise<void> {
  if (origins.length === 0) return;
  const allowed = new Set(origins);
  await app.register(cors, {
    origin: (origin, done) => done(null, origin !== undefined && allowed.has(origin)),
    credentials: true,
    methods: ['GET', 'POST'],
    allowedHeaders: ['authorization', 'content-type'],
    maxAge: PREFLIGHT_MAX_AGE,
    strictPreflight: true,
  });
}

export interface AuthServerOptions {
  host?: string;
  port?: number;
  /** Further Host header values to accept (a reverse proxy's public name). */
  allowedHosts?: string[];
  /** Origins allowed to call the server from a browser (CORS); none by default. */
  corsOrigins?: string[];
  /** Cookies `Secure` (and prefixed) even when the issuer is not `https` (`--secure-cookies`). */
  secureCookies?: boolean;
  /**
   * Peers whose `X-Forwarded-For` names the client (`--trust-proxy`): addresses or CIDR ranges of
   * the TLS-terminating proxies. Empty (the default): the client is the TCP peer.
   */
  trustProxy?: string[];
  /** Extra routes (the benchmark's classic-session baseline); registered before listening. */
  extend?: (app: FastifyInstance) => void;
  /** A test instance's hooks (test-hooks.ts), given only through `grantTestPowers`; none otherwise. */
  testHooks?: TestHooks;
}

export interface AuthServer {
  readonly app: FastifyInstance;
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Builds the public auth server and starts listening (loopback by default). The issuer is the
 * composition root's decision (runtime/services.ts), not the server's.
 */
export async function startAuthServer(gatehouse: Gatehouse, opts: AuthServerOptions = {}): Promise<AuthServer> {
  const host = opts.host ?? '127.0.0.1';
  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT,
    // slow-loris bounds: a whole request must arrive within 10 s, idle keep-alive sockets close after 5 s
    requestTimeout: 10_000,
    connectionTimeout: 30_000,
    keepAliveTimeout: 5_000,
    // an explicit list only, never `true`: anyone could otherwise choose the address they are counted under
    trustProxy: opts.trustProxy?.length ? opts.trustProxy : false,
    return503OnClosing: true,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    // no route declares a Fastify schema (zod reads the input): their compilers load only if one does
    schemaController: lazySchemaCompilers(),
  });
  app.server.headersTimeout = 5_000;
  const hosts = new Set<string>();
  const issuer = () => gatehouse.settings.get().issuer;
  // behind a proxy that passes the public Host on, the issuer's host is the server's own too
  addHostGuard(app, { has: (host) => hosts.has(host) || host === new URL(issuer()).host });
  await addCors(app, opts.corsOrigins ?? []);
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: BODY_LIMIT });
  app.setErrorHandler(handleFrameworkError);
  app.setNotFoundHandler((_req, reply) => sendError(reply, 404, 'not_found', 'no such endpoint'));
  const cookies = new AuthCookies(issuer, opts.secureCookies);
  // the server's own origins (filled once listening), the CORS allow-list, and the public issuer's
  const origins = new Set((opts.corsOrigins ?? []).map((o) => o.toLowerCase()));
  const sameOrigin = (req: Parameters<typeof isSameOriginRequest>[0]) =>
    isSameOriginRequest(req, origins) || req.headers.origin === new URL(issuer()).origin;
  // an instance opened before its id_token key was made (KeyRing.load's idLane) answers once it is
  if (!gatehouse.ring.isReady())
    app.addHook('onRequest', (_req, _reply, done) => void gatehouse.ring.ready().then(() => done()));
  const hooks = opts.testHooks;
  if (hooks) installTestHooks(app, hooks, { ring: gatehouse.ring, clock: gatehouse.clock });
  registerEndpoints(app, gatehouse, { cookies, sameOrigin }, hooks);
  opts.extend?.(app);

  await app.listen({ host, port: opts.port ?? 0 });
  const { port } = app.server.address() as AddressInfo;
  for (const name of hostNamesFor(host, port, opts.allowedHosts)) hosts.add(name);
  for (const origin of originsFor(hosts)) origins.add(origin);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return { app, url, close: () => app.close() };
}
