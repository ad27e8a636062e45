/**
 * `npm run bench` — Gatehouse's throughput benchmark (a measurement, not a test: nothing here
 * fails on a number). See bench/README.md for what each ratio means.
 *
 *   npm run bench                      full run (5 s per measurement after 1 s warm-up, 3 rounds)
 *   npm run bench -- --quick           short run (2 s, 0.5 s warm-up, 1 round, fewer micro iterations)
 *   npm run bench -- --duration 10 --rounds 5 --connections 32 --iterations 50000
 *   npm run bench -- --skip-http --skip-micro --skip-propagation    the login flood and back-channel logout
 *   npm run bench -- --flows 200       more authorization code flows in the OpenID Provider part
 *
 * HTTP part: two real auth servers (bench/server.ts) run as child processes, one with the
 * verified-token cache on and one with it off; autocannon drives them from this process, one
 * measurement at a time, interleaved round by round so every ratio compares neighbours.
 * Micro part: in-process verify of one token per algorithm, Gatehouse (cache off) vs raw node:crypto.
 * OpenID Provider part (bench/oidc.ts): the token endpoint's client_credentials grant, Gatehouse ÷
 * panva's oidc-provider, and the authorization code flow's latency split into the password hash
 * and everything else.
 * Results are printed and written to bench/results/latest.json.
 */
import autocannon from 'autocannon';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomUUID, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { jwtVerify, SignJWT } from 'jose';
import { openGatehouse } from '../src/main/runtime/open-gatehouse';
import type { KeyAlgName } from '../src/shared/settings';
import { TSX } from '../tests/support/node-args';
import { printOidc, runOidc } from './oidc';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const rootDir = path.resolve(benchDir, '..');

// ---------------------------------------------------------------- options

const { values: argv } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    duration: { type: 'string' },
    warmup: { type: 'string' },
    connections: { type: 'string' },
    rounds: { type: 'string' },
    iterations: { type: 'string' },
    flows: { type: 'string' },
    'skip-http': { type: 'boolean', default: false },
    'skip-micro': { type: 'boolean', default: false },
    'skip-propagation': { type: 'boolean', default: false },
    'skip-denylist': { type: 'boolean', default: false },
    'skip-login-flood': { type: 'boolean', default: false },
    'skip-backchannel': { type: 'boolean', default: false },
    'skip-oidc': { type: 'boolean', default: false },
  },
  strict: true,
});

function num(value: string | undefined, fallback: number, name: string, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) {
    console.error(`--${name} must be a number ≥ ${min}, not ${JSON.stringify(value)}`);
    process.exit(2);
  }
  return n;
}

const config = {
  quick: argv.quick,
  duration: num(argv.duration, argv.quick ? 2 : 5, 'duration', 0.5),
  warmup: num(argv.warmup, argv.quick ? 0.5 : 1, 'warmup', 0),
  connections: Math.round(num(argv.connections, 32, 'connections', 1)),
  rounds: Math.round(num(argv.rounds, argv.quick ? 1 : 3, 'rounds', 1)),
  iterations: Math.round(num(argv.iterations, argv.quick ? 2_000 : 10_000, 'iterations', 10)),
  flows: Math.round(num(argv.flows, argv.quick ? 20 : 100, 'flows', 1)),
};

// ---------------------------------------------------------------- bench servers

interface Ready {
  url: string;
  cache: 'on' | 'off';
  accessToken: string;
  sessionId: string;
  alg: string;
  tokenCacheSize: number;
}

interface BenchServer {
  ready: Ready;
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));

/** Starts bench/server.ts in its own Node process (its own temp data folder) and waits for BENCH_READY. */
function startServer(cache: 'on' | 'off'): Promise<BenchServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `gatehouse-bench-${cache}-`));
  const child = spawn(
    process.execPath,
    [...TSX, path.join(benchDir, 'server.ts'), '--data-dir', dataDir, '--cache', cache],
    {
      cwd: rootDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    process.stderr.write(`[server cache=${cache}] ${chunk.toString()}`);
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    children.delete(child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (!line.startsWith('BENCH_READY ')) return;
      resolve({ ready: JSON.parse(line.slice('BENCH_READY '.length)) as Ready, stop });
    });
    child.once('exit', (code, signal) => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      reject(new Error(`bench server (cache ${cache}) exited before it was ready (${signal ?? code}):\n${stderr}`));
    });
  });
}

// ---------------------------------------------------------------- HTTP scenarios

type ServerName = 'cacheOn' | 'cacheOff';

interface Scenario {
  id: string;
  label: string;
  server: ServerName;
  path: string;
  headers(ready: Ready): Record<string, string>;
}

const bearer = (r: Ready) => ({ authorization: `Bearer ${r.accessToken}` });

const SCENARIOS: Scenario[] = [
  {
    id: 'health',
    label: 'GET /api/health  unauthenticated',
    server: 'cacheOn',
    path: '/api/health',
    headers: () => ({}),
  },
  { id: 'hybrid', label: 'GET /api/me      hybrid, cache on', server: 'cacheOn', path: '/api/me', headers: bearer },
  {
    id: 'classic',
    label: 'GET /bench/classic  SQLite get+touch',
    server: 'cacheOn',
    path: '/bench/classic',
    headers: (r) => ({ 'x-session-id': r.sessionId }),
  },
  { id: 'jose', label: 'GET /bench/jose  plain jwtVerify', server: 'cacheOn', path: '/bench/jose', headers: bearer },
  // the same unauthenticated route, sent the same Authorization header /api/me gets: what carrying a token costs the HTTP layer
  {
    id: 'healthBearer',
    label: 'GET /api/health  + token header, unread',
    server: 'cacheOn',
    path: '/api/health',
    headers: bearer,
  },
  {
    id: 'healthNoCache',
    label: 'GET /api/health  unauthenticated',
    server: 'cacheOff',
    path: '/api/health',
    headers: () => ({}),
  },
  {
    id: 'hybridNoCache',
    label: 'GET /api/me      hybrid, cache OFF',
    server: 'cacheOff',
    path: '/api/me',
    headers: bearer,
  },
  {
    id: 'joseNoCache',
    label: 'GET /bench/jose  plain jwtVerify',
    server: 'cacheOff',
    path: '/bench/jose',
    headers: bearer,
  },
];

interface Run {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

interface RatioDef {
  id: string;
  label: string;
  num: string;
  den: string;
  target: number | null;
}

const RATIOS: RatioDef[] = [
  {
    id: 'hybridVsHealth',
    label: '/api/me (hybrid, cache on) ÷ /api/health',
    num: 'hybrid',
    den: 'health',
    target: 0.8,
  },
  {
    id: 'hybridVsClassic',
    label: 'hybrid (cache on) ÷ classic SQLite get+touch',
    num: 'hybrid',
    den: 'classic',
    target: 2.0,
  },
  {
    id: 'hybridNoCacheVsJose',
    label: 'hybrid, cache OFF ÷ plain jose jwtVerify',
    num: 'hybridNoCache',
    den: 'joseNoCache',
    target: 0.9,
  },
  // the baseline figures of the design (informational, no target): see bench/README.md
  { id: 'joseVsHealth', label: 'plain jose jwtVerify ÷ /api/health', num: 'jose', den: 'health', target: null },
  {
    id: 'classicVsHealth',
    label: 'classic SQLite get+touch ÷ /api/health',
    num: 'classic',
    den: 'health',
    target: null,
  },
  {
    id: 'hybridVsHealthBearer',
    label: '/api/me (cache on) ÷ /api/health sent the same header',
    num: 'hybrid',
    den: 'healthBearer',
    target: null,
  },
  {
    id: 'hybridNoCacheVsHealth',
    label: 'hybrid, cache OFF ÷ /api/health (cache-off server)',
    num: 'hybridNoCache',
    den: 'healthNoCache',
    target: null,
  },
];

/** One GET to check the route answers 200 with /api/me's JSON members before it is measured. */
async function checkScenario(s: Scenario, ready: Ready, expectedKeys: string | null): Promise<void> {
  const res = await fetch(ready.url + s.path, { headers: s.headers(ready) });
  const body = (await res.json()) as Record<string, unknown>;
  if (res.status !== 200)
    throw new Error(`${s.path} (cache ${ready.cache}) answered ${res.status}: ${JSON.stringify(body)}`);
  const keys = Object.keys(body).sort().join(',');
  if (expectedKeys && keys !== expectedKeys)
    throw new Error(`${s.path} answers {${keys}}, not /api/me's {${expectedKeys}}`);
}

async function load(s: Scenario, ready: Ready, duration: number): Promise<Run> {
  const r = await autocannon({
    url: ready.url + s.path,
    headers: s.headers(ready),
    connections: config.connections,
    pipelining: 1,
    duration,
  });
  return {
    rps: r['2xx'] / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
  };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

async function runHttp() {
  console.log(
    `HTTP: ${config.connections} connections, keep-alive, ${config.duration} s per measurement after ${config.warmup} s warm-up, ${config.rounds} round(s), interleaved`,
  );
  const started = await Promise.allSettled([startServer('on'), startServer('off')]);
  const servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  try {
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    const [on, off] = servers as [BenchServer, BenchServer];
    const readyOf: Record<ServerName, Ready> = { cacheOn: on.ready, cacheOff: off.ready };
    if (on.ready.tokenCacheSize <= 0 || off.ready.tokenCacheSize !== 0)
      throw new Error('the cache settings of the two servers are not as intended');

    const me = SCENARIOS.find((s) => s.id === 'hybrid')!;
    const meRes = await fetch(on.ready.url + me.path, { headers: me.headers(on.ready) });
    const meKeys = Object.keys((await meRes.json()) as object)
      .sort()
      .join(',');
    for (const s of SCENARIOS) await checkScenario(s, readyOf[s.server], s.path === '/api/health' ? null : meKeys);

    const runs = new Map<string, Run[]>(SCENARIOS.map((s) => [s.id, []]));
    for (let round = 0; round < config.rounds; round++) {
      // rotate the order each round, so no scenario always runs first or after the same neighbour
      const shift = (round * 3) % SCENARIOS.length;
      const order = [...SCENARIOS.slice(shift), ...SCENARIOS.slice(0, shift)];
      for (const s of order) {
        const ready = readyOf[s.server];
        if (config.warmup > 0) await load(s, ready, config.warmup);
        const run = await load(s, ready, config.duration);
        runs.get(s.id)!.push(run);
        const bad = run.non2xx + run.errors + run.timeouts;
        console.log(
          `  round ${round + 1}/${config.rounds}  ${s.label.padEnd(38)} [${s.server === 'cacheOn' ? 'cache on ' : 'cache off'}]` +
            `  ${fmt(run.rps).padStart(7)} req/s  p50 ${run.p50} ms  p99 ${run.p99} ms${bad ? `  !! ${run.non2xx} non-2xx, ${run.errors} errors, ${run.timeouts} timeouts` : ''}`,
        );
      }
    }

    const scenarios = SCENARIOS.map((s) => {
      const rs = runs.get(s.id)!;
      return {
        id: s.id,
        label: s.label,
        server: s.server,
        path: s.path,
        rps: median(rs.map((r) => r.rps)),
        p99: median(rs.map((r) => r.p99)),
        invalid: rs.some((r) => r.non2xx + r.errors + r.timeouts > 0),
        runs: rs,
      };
    });
    const byId = new Map(scenarios.map((s) => [s.id, s]));
    const ratios = RATIOS.map((def) => {
      const n = byId.get(def.num)!;
      const d = byId.get(def.den)!;
      // each round's ratio compares runs made minutes apart at most; the median of those is the result
      const perRound = n.runs.map((r, i) => r.rps / d.runs[i]!.rps);
      const value = median(perRound);
      const invalid = n.invalid || d.invalid;
      const status = def.target === null ? 'INFO' : invalid ? 'INVALID' : value >= def.target ? 'PASS' : 'MISS';
      return { ...def, numRps: n.rps, denRps: d.rps, value, perRound, status };
    });
    return { scenarios, ratios, servers: { cacheOn: on.ready.url, cacheOff: off.ready.url, alg: on.ready.alg } };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

// ---------------------------------------------------------------- micro benchmark

const ALGS: KeyAlgName[] = ['ES256', 'EdDSA', 'RS256'];
const MICRO_IN_FLIGHT = 32;

function newPrivateKey(alg: KeyAlgName): KeyObject {
  if (alg === 'ES256') return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  if (alg === 'EdDSA') return generateKeyPairSync('ed25519').privateKey;
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
}

/** Runs `op` n times one after another (awaiting each when it is async); returns elapsed ns and failures. */
async function timeLoop(n: number, op: () => boolean | Promise<boolean>): Promise<{ ns: bigint; failures: number }> {
  let failures = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const r = op();
    if (!(typeof r === 'boolean' ? r : await r)) failures++;
  }
  return { ns: process.hrtime.bigint() - t0, failures };
}

/** Runs an async `op` n times with `inFlight` calls outstanding at once (as a busy server would). */
async function timeConcurrent(
  n: number,
  inFlight: number,
  op: () => Promise<boolean>,
): Promise<{ ns: bigint; failures: number }> {
  let failures = 0;
  let started = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (started++ < n) if (!(await op())) failures++;
    }),
  );
  return { ns: process.hrtime.bigint() - t0, failures };
}

async function runMicro() {
  console.log(
    `\nMicro (in-process, no HTTP): ${fmt(config.iterations)} verifications of one token per side and pass (one at a time unless noted), 2 interleaved passes; ops/s`,
  );
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-micro-'));
  const gatehouse = await openGatehouse({ dataDir });
  try {
    await gatehouse.settings.update({ tokenCacheSize: 0 }, 'bench');
    const results = [];
    for (const alg of ALGS) {
      // a key of this algorithm, imported into the ring (pending keys verify), and a token signed by it
      const privateKey = newPrivateKey(alg);
      const record = await gatehouse.ring.import(
        privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
        alg,
        'bench',
      );
      const publicKey = gatehouse.ring.get(record.kid)!.publicKey;
      const s = gatehouse.settings.get();
      const token = await new SignJWT({ sid: 'bench-session', ver: 0, roles: ['user'] })
        .setProtectedHeader({ alg, typ: 'at+jwt', kid: record.kid })
        .setIssuer(s.issuer)
        .setAudience(s.audience)
        .setSubject('bench-user')
        .setJti(randomUUID())
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(privateKey);

      const dot = token.lastIndexOf('.');
      const signingInput = Buffer.from(token.slice(0, dot), 'ascii');
      const signature = Buffer.from(token.slice(dot + 1), 'base64url');
      const rawKey = alg === 'ES256' ? { key: publicKey, dsaEncoding: 'ieee-p1363' as const } : publicKey;
      const digest = alg === 'EdDSA' ? null : 'sha256';
      const raw = () => cryptoVerify(digest, signingInput, rawKey, signature);
      const gh = async () => {
        const r = await gatehouse.verifier.verify(token);
        return r.ok && !r.cached;
      };
      const joseOptions = {
        algorithms: [alg],
        issuer: s.issuer,
        audience: s.audience,
        typ: 'at+jwt',
        clockTolerance: s.clockTolerance,
      };
      const jose = async () => (await jwtVerify(token, publicKey, joseOptions)).payload.sid === 'bench-session';
      const ghConcurrent = () => timeConcurrent(config.iterations, MICRO_IN_FLIGHT, gh);

      const first = await gatehouse.verifier.verify(token);
      if (!first.ok || first.cached || !raw())
        throw new Error(`${alg}: the token does not verify (${first.ok ? 'served from cache' : first.message})`);

      const warm = Math.max(1, Math.round(config.iterations / 10));
      const sides = {
        crypto: () => timeLoop(config.iterations, raw),
        gatehouse: () => timeLoop(config.iterations, gh),
        jose: () => timeLoop(config.iterations, jose),
        gatehouseInFlight: ghConcurrent,
      };
      const ns = { crypto: 0n, gatehouse: 0n, jose: 0n, gatehouseInFlight: 0n };
      const names = Object.keys(sides) as (keyof typeof sides)[];
      await timeLoop(warm, raw);
      await timeLoop(warm, gh);
      await timeLoop(warm, jose);
      let failures = 0;
      for (let pass = 0; pass < 2; pass++) {
        for (const name of names) {
          const r = await sides[name]();
          ns[name] += r.ns;
          failures += r.failures;
        }
      }
      if (failures) throw new Error(`${alg}: ${failures} verifications failed during the measurement`);
      const ops = (t: bigint) => (2 * config.iterations * 1e9) / Number(t);
      const result = {
        alg,
        gatehouseOps: ops(ns.gatehouse),
        cryptoOps: ops(ns.crypto),
        ratio: Number(ns.crypto) / Number(ns.gatehouse),
        target: null,
        status: 'INFO' as const,
        // diagnostics: the same token through plain jose, and gatehouse with several verifications in flight
        joseOps: ops(ns.jose),
        gatehouseVsJose: Number(ns.jose) / Number(ns.gatehouse),
        gatehouseInFlightOps: ops(ns.gatehouseInFlight),
        inFlight: MICRO_IN_FLIGHT,
        inFlightRatio: Number(ns.crypto) / Number(ns.gatehouseInFlight),
      };
      results.push(result);
      console.log(
        `  ${alg.padEnd(6)} gatehouse ${fmt(result.gatehouseOps).padStart(7)}   node:crypto ${fmt(result.cryptoOps).padStart(7)}   ratio ${fmt(result.ratio, 2)}` +
          `   | jose jwtVerify ${fmt(result.joseOps).padStart(7)}   gatehouse ${MICRO_IN_FLIGHT} in flight ${fmt(result.gatehouseInFlightOps).padStart(7)} (ratio ${fmt(result.inFlightRatio, 2)})   ops/s`,
      );
    }
    return results;
  } finally {
    await gatehouse.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- main

const cpus = os.cpus();
const loadBefore = os.loadavg();
const machine = {
  loadAverageBefore: loadBefore,
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  cpus: cpus.length,
  cpuModel: cpus[0]?.model ?? 'unknown',
};
console.log(
  `Gatehouse benchmark — node ${machine.node}, ${machine.platform}, ${machine.cpus} CPU(s) (${machine.cpuModel})`,
);
console.log(
  'Load generator and servers share these CPUs; absolute numbers are machine-specific, ratios are the point.',
);
console.log(
  `load average before start: ${loadBefore.map((x) => x.toFixed(2)).join(' ')}${loadBefore[0]! > 0.5 ? '  (something else is using the CPU: expect noisy numbers)' : ''}\n`,
);

const startedAt = new Date().toISOString();
const http = argv['skip-http'] ? null : await runHttp();
const micro = argv['skip-micro'] ? null : await runMicro();
const oidc = argv['skip-oidc']
  ? null
  : await runOidc({
      duration: config.duration,
      warmup: config.warmup,
      connections: config.connections,
      rounds: config.rounds,
      flows: config.flows,
      warmupFlows: config.quick ? 1 : 3,
    });

if (http) {
  console.log(`\nRequests/s (median of ${config.rounds} round(s)):`);
  for (const s of http.scenarios)
    console.log(
      `  ${s.label.padEnd(38)} [${s.server === 'cacheOn' ? 'cache on ' : 'cache off'}]  ${fmt(s.rps).padStart(7)} req/s  p99 ${s.p99} ms${s.invalid ? '  (had non-2xx/errors!)' : ''}`,
    );
  console.log(`\nRatios (median of the per-round ratios):`);
  for (const r of http.ratios) {
    const target = r.target === null ? 'target —     ' : `target ≥ ${fmt(r.target, 2)}`;
    const rounds = r.perRound.length > 1 ? `  (per round: ${r.perRound.map((x) => fmt(x, 2)).join(' ')})` : '';
    console.log(`  ${r.label.padEnd(52)} ${fmt(r.value, 2).padStart(5)}  ${target}  ${r.status}${rounds}`);
  }
}
if (micro) {
  console.log(
    '\nMicro ratios (gatehouse verify, cache off ÷ raw node:crypto verify of the same signature; no target, informational):',
  );
  for (const m of micro)
    console.log(
      `  ${m.alg.padEnd(6)} ${fmt(m.ratio, 2)}  (${fmt(m.gatehouseOps)} vs ${fmt(m.cryptoOps)} ops/s)  INFO` +
        `   [gatehouse ÷ jose jwtVerify ${fmt(m.gatehouseVsJose, 2)}; with ${m.inFlight} in flight ÷ node:crypto ${fmt(m.inFlightRatio, 2)}]`,
    );
}
if (oidc) printOidc(oidc);

const outFile = path.join(benchDir, 'results', 'latest.json');
fs.mkdirSync(path.dirname(outFile), { recursive: true });
fs.writeFileSync(
  outFile,
  `${JSON.stringify({ startedAt, finishedAt: new Date().toISOString(), machine, config, http, micro, oidc }, null, 2)}\n`,
);
console.log(`\nwritten: ${path.relative(rootDir, outFile)}`);

// the denylist at a million entries: memory per entry and rebuild time (own processes)
if (!argv['skip-denylist']) {
  console.log('\n---- denylist.ts');
  const r = spawnSync(process.execPath, [...TSX, path.join(benchDir, 'denylist.ts')], {
    cwd: rootDir,
    stdio: 'inherit',
  });
  if (r.status !== 0) console.log(`denylist.ts did not finish (exit ${r.status})`);
}

// issue 6's figures: the Redis deployment (each script starts its own redis-server and servers)
if (!argv['skip-propagation']) {
  for (const script of ['propagation.ts', 'propagation-processes.ts', 'verifier-propagation.ts', 'redis-outage.ts']) {
    console.log(`\n---- ${script}`);
    const r = spawnSync(process.execPath, [...TSX, path.join(benchDir, script)], { cwd: rootDir, stdio: 'inherit' });
    if (r.status !== 0) console.log(`${script} did not finish (exit ${r.status}); is redis-server installed?`);
  }
}

// the login-flood figures: /api/me (a fresh token each time) with and without a flood of concurrent logins
if (!argv['skip-login-flood']) {
  console.log('\n---- login-flood.ts');
  const r = spawnSync(
    process.execPath,
    [...TSX, path.join(benchDir, 'login-flood.ts'), ...(config.quick ? ['--quick'] : [])],
    { cwd: rootDir, stdio: 'inherit' },
  );
  if (r.status !== 0) console.log(`login-flood.ts did not finish (exit ${r.status})`);
}

// issue 17.3's figures: a healthy app's back-channel logout beside 10 apps that hang, and the first retry
if (!argv['skip-backchannel']) {
  console.log('\n---- backchannel.ts');
  const r = spawnSync(
    process.execPath,
    [...TSX, path.join(benchDir, 'backchannel.ts'), ...(config.quick ? ['--quick'] : [])],
    { cwd: rootDir, stdio: 'inherit' },
  );
  if (r.status !== 0) console.log(`backchannel.ts did not finish (exit ${r.status})`);
}
