/**
 * `npm run bench:testing`: what `@gatehouse/testing` costs a test suite (issue 22), against
 * oauth2-mock-server measured in the same run.
 *
 * - start → first token: `startGatehouse()` then `issueToken()` answered, ÷ oauth2-mock-server's
 *   `new OAuth2Server()` + `keys.generate('RS256')` + `start()` + `buildToken()`. Cold: the first of
 *   each in a process (Gatehouse's ring generates its keys, the mock its RSA key), in PROCESSES
 *   fresh processes one after the other, which goes first alternating; medians, since one RSA key
 *   takes 50–500 ms by luck. Also the cold Gatehouse's first HTTP answer (its JWKS, which waits for
 *   the RS256 id_token key). Then, in this process, PAIRS more, the two alternating and the order
 *   swapped every pair (warm: a Gatehouse starts from the process's template keys; the mock
 *   generates an RSA key each time, as its recipe does).
 * - `reset()` with 1,000 sessions in the store.
 * - `gh.login({ username, clientId })` one at a time: p50 and p99.
 * - the test hooks' cost per request (`testing-hooks.ts`).
 *
 *   npm run bench:testing [-- --processes 8 --pairs 10 --logins 300 --sessions 1000 --hook-requests 1000]
 */
import { OAuth2Server } from 'oauth2-mock-server';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startGatehouse } from '@gatehouse/testing';
import { hooksOverhead } from './testing-hooks';

const { values: argv } = parseArgs({
  options: {
    processes: { type: 'string', default: '8' },
    pairs: { type: 'string', default: '10' },
    // internal: the child process of one cold measurement
    'cold-child': { type: 'string' },
    logins: { type: 'string', default: '300' },
    sessions: { type: 'string', default: '1000' },
    'hook-requests': { type: 'string', default: '1000' },
  },
  strict: true,
});

const CONFIG = {
  users: [{ username: 'carol', password: 'carol-password-123' }],
  clients: [
    {
      clientId: 'bench-app',
      clientSecret: 'bench-app-secret-0123456789abcdef0123456789',
      redirectUris: ['http://127.0.0.1:3000/callback'],
      grantTypes: ['authorization_code', 'refresh_token'],
    },
  ],
  demoUsers: false,
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;
const loadAverage = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

async function timeGatehouse(): Promise<number> {
  const t0 = performance.now();
  const gh = await startGatehouse({ config: CONFIG });
  await gh.issueToken({ sub: 'carol' });
  const elapsed = performance.now() - t0;
  await gh.stop();
  return elapsed;
}

async function timeMock(): Promise<number> {
  const t0 = performance.now();
  const server = new OAuth2Server();
  await server.issuer.keys.generate('RS256');
  await server.start(0, '127.0.0.1');
  await server.issuer.buildToken();
  const elapsed = performance.now() - t0;
  await server.stop();
  return elapsed;
}

interface Cold {
  gatehouse: number;
  /** startGatehouse() → its JWKS fetched over HTTP (held until the RS256 key is made). */
  firstHttp: number;
  mock: number;
}

/** One process's cold pair, `order` saying which goes first; printed as JSON for the parent. */
async function coldChild(order: string): Promise<void> {
  const gatehouseCold = async () => {
    const t0 = performance.now();
    const gh = await startGatehouse({ config: CONFIG });
    await gh.issueToken({ sub: 'carol' });
    const gatehouse = performance.now() - t0;
    await (await fetch(gh.jwksUrl)).json();
    const firstHttp = performance.now() - t0;
    await gh.stop();
    return { gatehouse, firstHttp };
  };
  let result: Cold;
  if (order === 'mock-first') {
    const mock = await timeMock();
    result = { ...(await gatehouseCold()), mock };
  } else {
    const gatehouse = await gatehouseCold();
    result = { ...gatehouse, mock: await timeMock() };
  }
  console.log(JSON.stringify(result));
}

function coldStarts(): void {
  const runs: Cold[] = [];
  for (let i = 0; i < Number(argv.processes); i++) {
    const args = [
      ...process.execArgv,
      fileURLToPath(import.meta.url),
      '--cold-child',
      i % 2 ? 'mock-first' : 'gatehouse-first',
    ];
    runs.push(JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8' }).trim().split('\n').pop()!) as Cold);
  }
  const list = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
  console.log(`  cold (first in a process, ${runs.length} processes, load average ${loadAverage()}):`);
  console.log(
    `    startGatehouse → issueToken median ${ms(median(runs.map((r) => r.gatehouse)))} (${list(runs.map((r) => r.gatehouse))}), oauth2-mock-server median ${ms(median(runs.map((r) => r.mock)))} (${list(runs.map((r) => r.mock))})`,
  );
  console.log(
    `    ratio median ${median(runs.map((r) => r.gatehouse / r.mock)).toFixed(2)}, ratio of medians ${(median(runs.map((r) => r.gatehouse)) / median(runs.map((r) => r.mock))).toFixed(2)} (target ≤ 1.5, and ≤ 500 ms)`,
  );
  console.log(
    `    startGatehouse → its JWKS answered over HTTP (held until the RS256 id_token key is made): median ${ms(median(runs.map((r) => r.firstHttp)))}`,
  );
}

async function startToToken(): Promise<void> {
  console.log('start → first token answered');
  coldStarts();
  // this process's own first of each (cold, measured above in fresh processes) is not counted
  await timeGatehouse();
  await timeMock();
  const gatehouse: number[] = [];
  const mock: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < Number(argv.pairs); i++) {
    const [g, m] =
      i % 2 === 0
        ? [await timeGatehouse(), await timeMock()]
        : (([m2, g2]) => [g2, m2])([await timeMock(), await timeGatehouse()]);
    gatehouse.push(g!);
    mock.push(m!);
    ratios.push(g! / m!);
  }
  console.log(
    `  warm (median of ${argv.pairs} pairs): startGatehouse ${ms(median(gatehouse))}, oauth2-mock-server ${ms(median(mock))}, ratio ${median(ratios).toFixed(2)} (target ≤ 1.5, and ≤ 500 ms)`,
  );
}

async function resetAndLogin(): Promise<void> {
  const gh = await startGatehouse({ config: CONFIG });
  try {
    const logins: number[] = [];
    for (let i = 0; i < Number(argv.logins); i++) {
      const t0 = performance.now();
      await gh.login({ username: 'carol', clientId: 'bench-app' });
      logins.push(performance.now() - t0);
    }
    console.log(
      `gh.login (with clientId: session, refresh family, access token, RS256 id_token), ${argv.logins} one at a time: p50 ${ms(pct(logins, 0.5))}, p99 ${ms(pct(logins, 0.99))} (target p50 ≤ 5 ms)`,
    );
    const resets: number[] = [];
    for (let round = 0; round < 5; round++) {
      const batch = 50;
      for (let made = 0; made < Number(argv.sessions); made += batch)
        await Promise.all(Array.from({ length: batch }, () => gh.login({ username: 'carol', clientId: 'bench-app' })));
      const t0 = performance.now();
      await gh.reset();
      resets.push(performance.now() - t0);
    }
    console.log(
      `reset() with ${argv.sessions} sessions: median of 5 ${ms(median(resets))}, max ${ms(Math.max(...resets))} (target ≤ 50 ms)`,
    );
  } finally {
    await gh.stop();
  }
}

if (argv['cold-child']) await coldChild(argv['cold-child']);
else {
  await startToToken();
  await resetAndLogin();
  console.log('test hooks: the same requests to an instance with them ÷ one composed without');
  await hooksOverhead(Number(argv['hook-requests']));
}
