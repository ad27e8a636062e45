/**
 * `npm run bench:backchannel` (also part of `npm run bench`): back-channel logout latency, from the
 * start of an admin `sessions.revoke` call to the moment the app's back-channel endpoint receives
 * the logout token's POST. Gatehouse (SQLite, its real dispatcher) and the receiving app run in this
 * process on loopback, as `npm run example` runs them on one machine; each revocation ends one
 * session in which one app got tokens. Target (issue "Logout that reaches the apps"): delivery
 * begins within 50 ms of the revoke.
 *
 *   npx tsx --conditions=gatehouse-source bench/backchannel.ts [--sessions 300] [--quick]
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { AdminService } from '../src/main/admin/admin-service';
import { startAuthServer } from '../src/main/http/auth-server';
import { ensureDemoData, openGatehouse } from '../src/main/runtime/open-gatehouse';

const { values: argv } = parseArgs({
  options: { sessions: { type: 'string' }, quick: { type: 'boolean', default: false } },
  strict: true,
});
const SESSIONS = Number(argv.sessions ?? (argv.quick ? 60 : 300));
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)] ?? NaN;

/** The app: answers 200 at once and reports each POST's arrival by the session it names. */
const arrivals = new Map<string, (at: number) => void>();
const app = http.createServer((req, res) => {
  const at = performance.now();
  let body = '';
  req.on('data', (c: Buffer) => (body += c));
  req.on('end', () => {
    const token = new URLSearchParams(body).get('logout_token') ?? '';
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString() || '{}') as {
      sid?: string;
    };
    res.writeHead(200).end();
    if (claims.sid) arrivals.get(claims.sid)?.(at);
  });
});
await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
const appUri = `http://127.0.0.1:${(app.address() as AddressInfo).port}/backchannel-logout`;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-bcl-'));
const g = await openGatehouse({ dataDir: dir });
await ensureDemoData(g, 'bench-password-0123', 'bench-client-secret-0123456789');
const server = await startAuthServer(g, { port: 0 });
g.settings.setIssuer(server.url);
g.startMaintenance();
const admin = new AdminService({ gatehouse: g, authUrl: () => server.url, mode: 'headless', version: 'bench' });
await g.clients.apply(
  {
    clientId: 'bench-app',
    name: 'Bench App',
    redirectUris: ['http://localhost:3000/callback'],
    postLogoutRedirectUris: [],
    grantTypes: ['authorization_code'],
    tokenEndpointAuthMethod: 'none',
    backchannelLogoutUri: appUri,
    audience: null,
  },
  'bench',
);
const alice = (await g.store.getUserByUsername('alice'))!;

const latencies: number[] = [];
try {
  for (let i = 0; i < SESSIONS; i++) {
    // a session an app signed in through (what redeeming a code records), without a password hash per session
    const session = await g.sessions.startBrowserSession(alice, { ip: '127.0.0.1', userAgent: 'bench' });
    await g.store.addSessionClient(session.id, 'bench-app', g.clock.now());
    const arrived = new Promise<number>((resolve) => arrivals.set(session.id, resolve));
    const start = performance.now();
    const answer = await admin.handle('sessions.revoke', { sessionId: session.id, reason: 'bench' });
    if (!answer.ok) throw new Error(answer.error.message);
    latencies.push((await arrived) - start);
    arrivals.delete(session.id);
  }
  await g.logout.settle();
} finally {
  await server.close();
  await g.close();
  await new Promise((resolve) => app.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
}

const result = {
  sessions: SESSIONS,
  p50Ms: +pct(latencies, 50).toFixed(2),
  p99Ms: +pct(latencies, 99).toFixed(2),
  maxMs: +Math.max(...latencies).toFixed(2),
};
console.log(
  `back-channel logout, revoke (admin API) → the app receives the logout token: p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, max ${result.maxMs} ms over ${SESSIONS} sessions (target: within 50 ms)`,
);
console.log(JSON.stringify({ backchannel: result }));
