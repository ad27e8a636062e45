/**
 * The benchmark's server: the real Gatehouse auth server (SQLite store in a temp data folder,
 * `startAuthServer`), plus two baseline routes added through its `extend` option:
 *
 *   GET /bench/classic  classic server sessions: `X-Session-Id` header (or `sid` cookie), then a
 *                       per-request `store.getSession` + `store.touchSession`.
 *   GET /bench/jose     plain jose: `jwtVerify(token, publicKey, {algorithms, issuer, audience, typ})`.
 *
 * Both answer the same JSON shape as /api/me. Started by bench/run.ts as
 *   node --import tsx bench/server.ts --data-dir DIR [--cache on|off] [--login-flood]
 * `--login-flood` (bench/login-flood.ts) raises loginMaxFailures to its maximum, so throttling does
 * not mask a login flood, and adds `POST /bench/mint {count}`: that many fresh access tokens for the
 * bench session, minted before a measurement so each /api/me request can carry a never-seen token,
 * and `GET /bench/hasher` (the password hasher's stats).
 * When ready it prints one line `BENCH_READY {json}` (url, access token, session id) on stdout.
 * SIGTERM/SIGINT: clean shutdown.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { signJws } from '@gatehouse/verifier/internal';
import { jwtVerify, type JWTPayload } from 'jose';
import { parseArgs } from 'node:util';
import { PasswordHasher } from '../src/main/auth/password-hasher';
import { ScryptPasswords } from '../src/main/auth/passwords';
import { randomId } from '../src/main/auth/random';
import { startAuthServer } from '../src/main/http/auth-server';
import { bearerToken } from '../src/main/http/bearer';
import { sendError } from '../src/main/http/errors';
import { DEMO_USERS, ensureDemoData, openGatehouse } from '../src/main/runtime/open-gatehouse';
import type { UserRecord } from '../src/main/store/store';
import { stopOnSignal } from './stop-on-signal';

const { values: args } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    cache: { type: 'string', default: 'on' },
    'login-flood': { type: 'boolean', default: false },
    'hash-niceness': { type: 'string' },
  },
  strict: true,
});
const dataDir = args['data-dir'];
if (!dataDir) throw new Error('--data-dir is required');
if (args.cache !== 'on' && args.cache !== 'off') throw new Error('--cache must be on or off');

/** Long enough for any benchmark run: the one token and the one session are reused throughout. */
const LONG = 12 * 3600;

const hasher = new PasswordHasher(
  args['hash-niceness'] !== undefined ? { niceness: Number(args['hash-niceness']) } : {},
);
const gatehouse = await openGatehouse({ dataDir, passwords: new ScryptPasswords(hasher) });
await ensureDemoData(gatehouse, 'bench-demo-password', 'bench-client-secret');
await gatehouse.settings.update(
  {
    accessTokenTtl: LONG,
    maxAccessTokenLifetime: LONG,
    idleTimeout: LONG,
    absoluteTimeout: LONG,
    ...(args.cache === 'off' ? { tokenCacheSize: 0 } : {}),
    ...(args['login-flood'] ? { loginMaxFailures: 1000 } : {}),
  },
  'bench',
);

/**
 * Users are loaded once: the classic baseline is defined as getSession + touchSession per request,
 * so roles/ver come from memory (this only flatters the classic route).
 */
const users = new Map<string, UserRecord>();

const unauthorized = (reply: FastifyReply, message: string) => {
  reply.header('www-authenticate', 'Bearer realm="gatehouse", error="invalid_token"');
  return sendError(reply, 401, 'invalid_token', message);
};

/** The plain-jose route's key: the ring's active key, which also signs the bench token below. */
const activeKid = gatehouse.ring.signingKey().kid;
const verifyKey = gatehouse.ring.get(activeKid);
if (!verifyKey) throw new Error('the active key is not in the ring');

const auth = await startAuthServer(gatehouse, {
  extend(app) {
    app.get('/bench/classic', async (req: FastifyRequest, reply: FastifyReply) => {
      const header = req.headers['x-session-id'];
      const sid = typeof header === 'string' ? header : req.cookies.sid;
      if (!sid) return unauthorized(reply, 'no session id');
      const now = gatehouse.clock.now();
      const session = await gatehouse.store.getSession(sid);
      if (!session || session.status !== 'active' || now >= session.idleExpiresAt || now >= session.absoluteExpiresAt)
        return unauthorized(reply, 'the session is not active');
      const s = gatehouse.settings.get();
      const touched = await gatehouse.store.touchSession(
        sid,
        now,
        Math.min(now + s.idleTimeout, session.absoluteExpiresAt),
      );
      if (!touched) return unauthorized(reply, 'the session is not active');
      const user = users.get(touched.userId);
      if (!user) return unauthorized(reply, 'unknown user');
      // the same members as /api/me's claims
      return reply.header('cache-control', 'no-store').send({
        sid: touched.id,
        ver: user.tokenVersion,
        roles: user.roles,
        iss: s.issuer,
        aud: s.audience,
        sub: user.id,
        jti: touched.id,
        iat: touched.createdAt,
        exp: touched.idleExpiresAt,
      });
    });

    app.get('/bench/jose', async (req: FastifyRequest, reply: FastifyReply) => {
      const token = bearerToken(req);
      if (!token) return unauthorized(reply, 'no access token');
      const s = gatehouse.settings.get();
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, verifyKey.publicKey, {
          algorithms: [verifyKey.record.alg],
          issuer: s.issuer,
          audience: s.audience,
          typ: 'at+jwt',
          clockTolerance: s.clockTolerance,
        }));
      } catch (err) {
        return unauthorized(reply, (err as Error).message);
      }
      return reply.header('cache-control', 'no-store').send(payload);
    });

    if (args['login-flood']) {
      app.post('/bench/mint', async (req: FastifyRequest, reply: FastifyReply) => {
        const count = Math.min(Math.max(Number((req.body as { count?: unknown } | null)?.count) || 0, 0), 20_000);
        // the claims AccessTokenIssuer.issue puts in, signed by the same key; not recorded in the
        // store (a durable commit each would make minting tens of thousands take minutes)
        const s = gatehouse.settings.get();
        const { kid, alg, privateKey } = gatehouse.ring.signingKey();
        const iat = gatehouse.clock.now();
        const exp = Math.min(iat + s.accessTokenTtl, pair.session.absoluteExpiresAt);
        const tokens: string[] = [];
        for (let i = 0; i < count; i++) {
          tokens.push(
            signJws(
              alg,
              privateKey,
              { typ: 'at+jwt', kid },
              {
                sid: pair.session.id,
                ver: alice!.tokenVersion,
                roles: alice!.roles,
                iss: s.issuer,
                aud: s.audience,
                sub: alice!.id,
                jti: randomId(16),
                iat,
                exp,
              },
            ),
          );
        }
        return reply.header('cache-control', 'no-store').send({ tokens });
      });
      // the password hasher's counters and moving average, for the flood bench's report
      app.get('/bench/hasher', async () => hasher.stats());
    }
  },
});
gatehouse.startMaintenance();

for (const { username } of DEMO_USERS) {
  const user = await gatehouse.store.getUserByUsername(username);
  if (user) users.set(user.id, user);
}
const alice = await gatehouse.store.getUserByUsername('alice');
if (!alice) throw new Error('demo user alice is missing');
// minted after the server listens: the issuer is the server's own URL
const pair = await gatehouse.sessions.startSession(alice, { ip: '127.0.0.1', userAgent: 'gatehouse-bench' }, 'admin');
if (pair.access.kid !== activeKid) throw new Error('the bench token was not signed by the active key');

console.log(
  `BENCH_READY ${JSON.stringify({
    url: auth.url,
    cache: args.cache,
    accessToken: pair.access.token,
    sessionId: pair.session.id,
    alg: verifyKey.record.alg,
    tokenCacheSize: gatehouse.settings.get().tokenCacheSize,
  })}`,
);

stopOnSignal('bench server', async () => {
  await auth.close();
  await gatehouse.close();
  await hasher.close();
});
