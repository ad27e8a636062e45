/**
 * Gatehouse as an OpenID Provider, for bench/oidc.ts: the real auth server as production composes
 * it (openGatehouse on a temp data folder, so the SQLite store and a sealed ES256 key; the demo
 * data; startAuthServer; the issuer set to the server's own URL; the maintenance timer), with the
 * default settings, and these clients registered through `clients.apply` as `--config` would:
 *
 *   --client-id/--client-secret  a confidential client_credentials client (client_secret_basic),
 *                                the token endpoint comparison's client
 *   web-a, web-b                 two confidential web apps (code + refresh, client_secret_basic),
 *                                one redirect URI each: the code flow and its single sign-on variant
 *
 * Two bench routes (extend): `POST /bench/hash {count}` times `count` lone verifyPassword calls one
 * after another, in this process, through the bounded hasher (the login's own path); `POST
 * /bench/log` returns, and forgets, the duration of every scrypt job since the last call (the
 * hasher is wrapped to time each job from submission to result), so a flow can subtract its own
 * login's hash. With `--flow-log` (the code flow's server, not the token endpoint comparison's),
 * two hooks also time every other request from its arrival to its answer written, and /bench/log
 * returns those too.
 *
 *   node --import tsx bench/oidc-server.ts --data-dir DIR --client-id ID --client-secret SECRET [--flow-log]
 *
 * When ready it prints one line `BENCH_READY {json}` on stdout. SIGTERM/SIGINT: clean shutdown.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { PasswordHasher, type ScryptJob } from '../src/main/auth/password-hasher';
import { ScryptPasswords } from '../src/main/auth/passwords';
import { startAuthServer } from '../src/main/http/auth-server';
import { ensureDemoData, openGatehouse } from '../src/main/runtime/open-gatehouse';
import { stopOnSignal } from './stop-on-signal';

const { values: args } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    'client-id': { type: 'string' },
    'client-secret': { type: 'string' },
    'flow-log': { type: 'boolean', default: false },
  },
  strict: true,
});
const dataDir = args['data-dir'];
const clientId = args['client-id'];
const clientSecret = args['client-secret'];
if (!dataDir || !clientId || !clientSecret) throw new Error('--data-dir, --client-id and --client-secret are required');

const PASSWORD = 'bench-demo-password';
const WEB_SECRET = 'bench-web-secret-0123456789abcdef';
/** Never visited: the flow reads the code from the 303's Location. */
const redirectUri = (app: string) => `http://127.0.0.1:9/${app}/callback`;

/** The production hasher (same defaults), timing each job from submission to its result. */
class TimedHasher extends PasswordHasher {
  readonly jobs: number[] = [];
  override async scrypt(job: ScryptJob): Promise<Buffer> {
    const t0 = performance.now();
    const key = await super.scrypt(job);
    this.jobs.push(performance.now() - t0);
    return key;
  }
}
const hasher = new TimedHasher();
const gatehouse = await openGatehouse({ dataDir, passwords: new ScryptPasswords(hasher) });
await ensureDemoData(gatehouse, PASSWORD, 'bench-client-secret');
await gatehouse.clients.apply(
  {
    clientId,
    clientSecret,
    name: 'Bench machine',
    redirectUris: [],
    postLogoutRedirectUris: [],
    grantTypes: ['client_credentials'],
    tokenEndpointAuthMethod: 'client_secret_basic',
    backchannelLogoutUri: null,
    audience: null,
  },
  'bench',
);
const webApps = ['web-a', 'web-b'];
for (const app of webApps)
  await gatehouse.clients.apply(
    {
      clientId: app,
      clientSecret: WEB_SECRET,
      name: `Bench ${app}`,
      redirectUris: [redirectUri(app)],
      postLogoutRedirectUris: [],
      grantTypes: ['authorization_code', 'refresh_token'],
      tokenEndpointAuthMethod: 'client_secret_basic',
      backchannelLogoutUri: null,
      audience: null,
    },
    'bench',
  );
const alice = await gatehouse.store.getUserByUsername('alice');
if (!alice) throw new Error('demo user alice is missing');

/** What the server spent on one request: from its arrival (onRequest) to its answer written (onResponse). */
interface RequestTime {
  method: string;
  path: string;
  status: number;
  ms: number;
}
const requests: RequestTime[] = [];
const arrivals = new WeakMap<FastifyRequest, number>();

const auth = await startAuthServer(gatehouse, {
  extend(app) {
    if (args['flow-log']) {
      app.addHook('onRequest', (req, _reply, done) => {
        arrivals.set(req, performance.now());
        done();
      });
      app.addHook('onResponse', (req, reply, done) => {
        const path = req.url.split('?')[0]!;
        if (!path.startsWith('/bench/'))
          requests.push({
            method: req.method,
            path,
            status: reply.statusCode,
            ms: performance.now() - arrivals.get(req)!,
          });
        done();
      });
    }
    app.post('/bench/hash', async (req: FastifyRequest, reply: FastifyReply) => {
      const count = Math.min(Math.max(Number((req.body as { count?: unknown } | null)?.count) || 1, 1), 100);
      const ms: number[] = [];
      for (let i = 0; i < count; i++) {
        const t0 = performance.now();
        if (!(await gatehouse.passwords.verify(PASSWORD, alice.passwordHash)))
          throw new Error('the demo password does not verify');
        ms.push(performance.now() - t0);
      }
      return reply.send({ ms, threads: hasher.threads });
    });
    app.post('/bench/log', async () => ({ jobs: hasher.jobs.splice(0), requests: requests.splice(0) }));
  },
});
// as the composition root does (runtime/services.ts): the issuer is the server's own URL
gatehouse.settings.setIssuer(auth.url);
gatehouse.startMaintenance();

const s = gatehouse.settings.get();
console.log(
  `BENCH_READY ${JSON.stringify({
    url: auth.url,
    tokenEndpoint: `${auth.url}/oauth/token`,
    alg: gatehouse.ring.signingKey().alg,
    username: alice.username,
    password: PASSWORD,
    webApps: webApps.map((id) => ({ clientId: id, clientSecret: WEB_SECRET, redirectUri: redirectUri(id) })),
    settings: { accessTokenTtl: s.accessTokenTtl, loginMaxFailures: s.loginMaxFailures },
  })}`,
);

stopOnSignal('bench server', async () => {
  await auth.close();
  await gatehouse.close();
  await hasher.close();
});
