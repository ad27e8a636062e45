/**
 * `tsx bench/login-flood.ts` — does a login flood slow down token verification? (A measurement,
 * not a test: nothing here fails on a number.) Run by `npm run bench` after the other parts; see
 * bench/README.md.
 *
 *   npx tsx bench/login-flood.ts [--quick] [--duration 5] [--rounds 3] [--rate 200] [--connections 32] [--flood 200]
 *                                [--loads light,busy] [--hash-niceness 5]
 *
 * One real auth server (bench/server.ts --login-flood) in its own process. GET /api/me is measured
 * with and without a login flood, side by side, under two loads: `light`, open-loop at `--rate`
 * requests/s (each latency counted from when its request was due, so a stalled server cannot hide
 * behind requests never sent), and `busy`, closed-loop on `--connections` keep-alive connections
 * (as the rest of `npm run bench`). Every /api/me request carries a fresh token, never seen before,
 * so the server verifies its signature each time (a cache miss). The flood, in a child process, is
 * waves of `--flood` concurrent logins, each on its own connection, for unknown usernames (so each
 * login costs one password hash); a wave starts when the previous one has been answered in full.
 * Reported: /api/me p99 flooded ÷ quiet per load (target ≤ 2), the slowest flooded login (target
 * ≤ 2 s), and the logins' status counts, including any that got no answer at all.
 */
import { randomBytes } from 'node:crypto';
import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TSX } from '../tests/support/node-args';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const rootDir = path.resolve(benchDir, '..');

const { values: argv } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    duration: { type: 'string' },
    rounds: { type: 'string' },
    rate: { type: 'string' },
    connections: { type: 'string' },
    loads: { type: 'string', default: 'light,busy' },
    'hash-niceness': { type: 'string' },
    flood: { type: 'string' },
    'flood-url': { type: 'string' },
    'control-every': { type: 'string' },
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
  duration: num(argv.duration, argv.quick ? 3 : 5, 'duration', 1),
  rounds: Math.round(num(argv.rounds, argv.quick ? 1 : 3, 'rounds', 1)),
  rate: Math.round(num(argv.rate, 200, 'rate', 1)),
  connections: Math.round(num(argv.connections, 32, 'connections', 1)),
  flood: Math.round(num(argv.flood, 200, 'flood', 1)),
  loads: argv.loads.split(',').filter((l): l is Load => {
    if (l === 'light' || l === 'busy') return true;
    console.error(`--loads takes light, busy or both (comma-separated), not ${JSON.stringify(l)}`);
    process.exit(2);
  }),
};
/** A request without an answer after this long counts as dropped (the server's own socket timeout is 30 s). */
const GIVE_UP_MS = 60_000;
const TARGET_RATIO = 2;
const TARGET_SLOWEST_LOGIN_MS = 3_000;

// ---------------------------------------------------------------- the server

interface Ready {
  url: string;
  accessToken: string;
}

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));

function startServer(): Promise<{ ready: Ready; stop(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-flood-'));
  const niceness = argv['hash-niceness'] === undefined ? [] : ['--hash-niceness', argv['hash-niceness']];
  const child = spawn(
    process.execPath,
    [...TSX, path.join(benchDir, 'server.ts'), '--data-dir', dataDir, '--login-flood', ...niceness],
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
    process.stderr.write(`[server] ${chunk.toString()}`);
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
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('BENCH_READY '))
        resolve({ ready: JSON.parse(line.slice('BENCH_READY '.length)) as Ready, stop });
    });
    child.once('exit', (code, signal) => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      reject(new Error(`bench server exited before it was ready (${signal ?? code}):\n${stderr}`));
    });
  });
}

// ---------------------------------------------------------------- HTTP

interface Answer {
  /** HTTP status, or 0 when no answer came (reset, hang-up, or nothing within GIVE_UP_MS). */
  status: number;
  ms: number;
  retryAfter: string | null;
  error?: string;
}

/** One request; resolves with its status and latency, counted from `dueAt` (performance.now()). */
function send(
  url: URL,
  agent: http.Agent,
  opts: { method: string; headers: Record<string, string>; body?: string },
  dueAt: number,
): Promise<Answer> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (a: Omit<Answer, 'ms'>) => {
      if (settled) return;
      settled = true;
      resolve({ ...a, ms: performance.now() - dueAt });
    };
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: opts.method, headers: opts.headers, agent },
      (res) => {
        res.resume();
        res.on('end', () =>
          done({ status: res.statusCode ?? 0, retryAfter: (res.headers['retry-after'] as string | undefined) ?? null }),
        );
        res.on('error', (err) => done({ status: 0, retryAfter: null, error: err.message }));
      },
    );
    req.setTimeout(GIVE_UP_MS, () => req.destroy(new Error(`no answer within ${GIVE_UP_MS / 1000} s`)));
    req.on('error', (err) =>
      done({ status: 0, retryAfter: null, error: (err as NodeJS.ErrnoException).code ?? err.message }),
    );
    req.end(opts.body);
  });
}

/** `count` fresh access tokens for the bench session (asked for in batches of at most 20,000). */
async function mint(ready: Ready, count: number): Promise<string[]> {
  const tokens: string[] = [];
  while (tokens.length < count) {
    const batch = Math.min(count - tokens.length, 20_000);
    const res = await fetch(`${ready.url}/bench/mint`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ count: batch }),
    });
    if (res.status !== 200) throw new Error(`/bench/mint answered ${res.status}: ${await res.text()}`);
    tokens.push(...((await res.json()) as { tokens: string[] }).tokens);
  }
  return tokens;
}

type Load = 'light' | 'busy';

/**
 * GET /api/me for `seconds`, each request with the next unused token: `light` sends at
 * `config.rate` per second (open loop), `busy` keeps `config.connections` requests in flight
 * (closed loop; it stops early if the tokens run out). `allSent` is called after the last send.
 * Returns the answers and how long requests were being sent (less than `seconds` if cut short).
 */
async function probe(
  load: Load,
  ready: Ready,
  tokens: string[],
  seconds: number,
  allSent: () => void = () => {},
  quietly = false,
): Promise<{ answers: Answer[]; seconds: number }> {
  const url = new URL('/api/me', ready.url);
  const get = (i: number, dueAt: number) =>
    send(url, agent, { method: 'GET', headers: { authorization: `Bearer ${tokens[i]!}` } }, dueAt);
  const agent = new http.Agent({ keepAlive: true, maxSockets: load === 'light' ? 16 : config.connections });
  const start = performance.now();
  let answers: Answer[];
  if (load === 'light') {
    const count = Math.round(seconds * config.rate);
    if (tokens.length < count) throw new Error('not enough tokens minted');
    const pending: Promise<Answer>[] = [];
    for (let i = 0; i < count; i++) {
      const dueAt = start + (i * 1000) / config.rate;
      const wait = dueAt - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      pending.push(get(i, dueAt));
    }
    allSent();
    answers = await Promise.all(pending);
  } else {
    answers = [];
    let next = 0;
    const end = start + seconds * 1000;
    await Promise.all(
      Array.from({ length: config.connections }, async () => {
        while (performance.now() < end && next < tokens.length) answers.push(await get(next++, performance.now()));
      }),
    );
    allSent();
    if (next >= tokens.length && !quietly)
      console.log(`    (busy probe ran out of tokens after ${((performance.now() - start) / 1000).toFixed(1)} s)`);
  }
  agent.destroy();
  return { answers, seconds: Math.min(seconds, (performance.now() - start) / 1000) };
}

/**
 * Waves of `config.flood` concurrent logins (unknown users): every login of a wave is sent at once,
 * on its own connection, and the next wave starts when the whole wave has been answered. This runs
 * in a child process (`--flood-url`), so handling 200 answers at once cannot delay the probe's own
 * requests and show up as server latency. Messages: 'stop' from the parent (start no new wave);
 * `{ answers, waveStarts }` back, once the last wave is answered.
 *
 * With `--control-every MS` it is the control instead: the same waves, but of GET /api/health (no
 * hashing, no token), started no more often than every MS (the real flood's pace): what that many
 * simultaneous requests cost the server by themselves.
 */
async function floodChild(base: string, controlEvery: number | null): Promise<void> {
  const url = new URL(controlEvery === null ? '/auth/login' : '/api/health', base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: config.flood });
  const answers: Answer[] = [];
  const waveStarts: number[] = [];
  let stopping = false;
  process.on('message', (m) => {
    if (m === 'stop') stopping = true;
  });
  while (!stopping) {
    const now = performance.now();
    waveStarts.push(now);
    const wave = Array.from({ length: config.flood }, () => {
      if (controlEvery !== null) return send(url, agent, { method: 'GET', headers: {} }, now);
      const body = JSON.stringify({
        username: `flood-${randomBytes(6).toString('hex')}`,
        password: randomBytes(12).toString('base64url'),
      });
      return send(
        url,
        agent,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
          body,
        },
        now,
      );
    });
    if (waveStarts.length === 1) process.send!('started');
    answers.push(...(await Promise.all(wave)));
    const wait = controlEvery === null ? 0 : now + controlEvery - performance.now();
    if (wait > 0 && !stopping) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  agent.destroy();
  process.send!({ answers, waveStarts }, () => process.disconnect());
}

interface FloodResult {
  answers: Answer[];
  /** Mean time from one wave's start to the next's (or the only wave's longest answer). */
  waveIntervalMs: number;
}

/** Starts the flood (or its control) in a child process; resolves once its first wave is on its way. */
async function flood(
  ready: Ready,
  controlEvery: number | null = null,
): Promise<{ stopStarting(): void; finished(): Promise<FloodResult> }> {
  const args = [
    '--flood-url',
    ready.url,
    '--flood',
    String(config.flood),
    ...(controlEvery === null ? [] : ['--control-every', String(Math.round(controlEvery))]),
  ];
  const child = fork(fileURLToPath(import.meta.url), args, { execArgv: [...TSX], cwd: rootDir });
  children.add(child);
  const finished = new Promise<{ answers: Answer[]; waveStarts: number[] }>((resolve, reject) => {
    child.on('message', (m) => {
      if (typeof m === 'object' && m && 'answers' in m) resolve(m as { answers: Answer[]; waveStarts: number[] });
    });
    child.once('exit', (code) => reject(new Error(`the flood process exited (${code}) without its answers`)));
  });
  finished.catch(() => {}); // awaited by finished() below; an early exit is reported by the start wait
  await new Promise<void>((resolve, reject) => {
    child.on('message', (m) => m === 'started' && resolve());
    child.once('exit', (code) => reject(new Error(`the flood process exited (${code}) before it started`)));
  });
  return {
    stopStarting: () => child.send('stop'),
    finished: async () => {
      const { answers, waveStarts } = await finished;
      children.delete(child);
      const span = waveStarts[waveStarts.length - 1]! - waveStarts[0]!;
      return {
        answers,
        waveIntervalMs: waveStarts.length > 1 ? span / (waveStarts.length - 1) : Math.max(...answers.map((a) => a.ms)),
      };
    },
  };
}

interface HasherStats {
  averageMs: number | null;
  completed: number;
  refused: number;
  expired: number;
}

/** The server's password-hasher counters (null when the server has none: a build before the bounded hasher). */
async function hasherStats(ready: Ready): Promise<HasherStats | null> {
  const res = await fetch(`${ready.url}/bench/hasher`);
  return res.status === 200 ? ((await res.json()) as HasherStats) : null;
}

const hasherLine = (before: HasherStats | null, after: HasherStats | null) =>
  before && after
    ? `  | hasher: ${after.completed - before.completed} hashed, ${after.refused - before.refused} refused at once, ${after.expired - before.expired} refused at their turn, avg ${after.averageMs?.toFixed(0) ?? '?'} ms`
    : '';

/**
 * Waits until the server hashes again at once: a wrong-password login answers 401. Logins whose
 * client gave up may still be queued on the server; they must not spill into the next phase.
 */
async function settle(ready: Ready): Promise<void> {
  const url = new URL('/auth/login', ready.url);
  const body = JSON.stringify({ username: 'nobody', password: 'wrong-password' });
  const deadline = performance.now() + 5 * 60_000;
  for (;;) {
    if (performance.now() > deadline) throw new Error('the server did not settle within 5 minutes');
    const a = await send(
      url,
      http.globalAgent,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
        body,
      },
      performance.now(),
    );
    if (a.status === 401) return;
    if (a.status !== 429 && a.status !== 503 && a.status !== 0)
      throw new Error(`a wrong-password login answered ${a.status}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

// ---------------------------------------------------------------- figures

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const ms = (n: number) => (n >= 100 ? `${n.toFixed(0)} ms` : `${n.toFixed(1)} ms`);

function latency(answers: Answer[]) {
  const sorted = answers.map((a) => a.ms).sort((a, b) => a - b);
  return {
    count: answers.length,
    p50: pct(sorted, 50),
    p99: pct(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    non200: answers.filter((a) => a.status !== 200).length,
  };
}

/** The slowest answer of each status, e.g. `401: 1.4 s, 503: 80 ms`. */
function slowestByStatus(answers: Answer[]): string {
  const slowest = new Map<number, number>();
  for (const a of answers) slowest.set(a.status, Math.max(slowest.get(a.status) ?? 0, a.ms));
  return [...slowest]
    .sort((a, b) => a[0] - b[0])
    .map(([status, t]) => `${status || 'none'}: ${ms(t)}`)
    .join(', ');
}

function statusCounts(answers: Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of answers) {
    const key =
      a.status === 0
        ? `no answer (${a.error ?? '?'})`
        : a.status === 503 || a.status === 429
          ? `${a.status}${a.retryAfter ? ' + Retry-After' : ' WITHOUT Retry-After'}`
          : String(a.status);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

// ---------------------------------------------------------------- main

type Figures = ReturnType<typeof latency>;
type Phase = 'quiet' | 'flooded' | 'control';
interface RoundResult {
  load: Load;
  figures: Record<Phase, Figures>;
  /** p99 flooded ÷ quiet (the target), and control ÷ quiet (what as many simultaneous requests cost with no hashing at all). */
  ratio: number;
  controlRatio: number;
  logins: Answer[];
  control: Answer[];
  waveIntervalMs: number;
}

/** A rush of correct sign-ins (issue 17.6): `RUSH` at once, a few times, each once the last is answered. */
const RUSH = 8;
async function rush(ready: Ready): Promise<Answer[][]> {
  const url = new URL('/auth/login', ready.url);
  const body = JSON.stringify({ username: 'alice', password: 'bench-demo-password' });
  const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) };
  const rushes: Answer[][] = [];
  for (let i = 0; i < 3; i++) {
    const agent = new http.Agent({ keepAlive: false });
    const start = performance.now();
    rushes.push(
      await Promise.all(Array.from({ length: RUSH }, () => send(url, agent, { method: 'POST', headers, body }, start))),
    );
    agent.destroy();
  }
  return rushes;
}

async function main(): Promise<void> {
  const loadBefore = os.loadavg();
  console.log(
    `Login flood: GET /api/me, a fresh token per request, ${config.duration} s per measurement: quiet, during waves of ${config.flood} concurrent logins (flooded), ` +
      `and during the control (waves of ${config.flood} concurrent GET /api/health at the flood's pace); ` +
      `loads: light (${config.rate} req/s, open loop) and busy (${config.connections} connections, closed loop); ${config.rounds} round(s), order alternating.`,
  );
  console.log(
    `load average before start: ${loadBefore.map((x) => x.toFixed(2)).join(' ')}${loadBefore[0]! > 0.5 ? '  (something else is using the CPU: expect noisy numbers)' : ''}`,
  );
  const server = await startServer();
  try {
    const { ready } = server;
    // warm-up (the route, the key, one hash), then how many tokens a busy measurement uses up
    const warm = await mint(ready, 3000);
    await probe('busy', ready, warm.slice(0, 200), 1, undefined, true);
    await settle(ready);
    const calibration = await probe('busy', ready, warm.slice(200), 1, undefined, true);
    // the rate grows once the server is warm: every busy measurement raises the estimate to what it used
    let busyRate = calibration.answers.length / calibration.seconds;
    const busyProbe = async (tokens: string[], allSent?: () => void) => {
      const r = await probe('busy', ready, tokens, config.duration, allSent);
      busyRate = Math.max(busyRate, r.answers.length / r.seconds);
      return r.answers;
    };

    const rushes = await rush(ready);

    const results: RoundResult[] = [];
    for (let round = 0; round < config.rounds; round++) {
      for (const load of config.loads) {
        // the control right after the flood, paced like it; quiet before them or after, alternately
        const phases: Phase[] = round % 2 === 0 ? ['quiet', 'flooded', 'control'] : ['flooded', 'control', 'quiet'];
        const answers: Partial<Record<Phase, Answer[]>> = {};
        let logins: FloodResult = { answers: [], waveIntervalMs: NaN };
        let control: FloodResult = { answers: [], waveIntervalMs: NaN };
        let hasher = '';
        for (const phase of phases) {
          const tokens = await mint(
            ready,
            load === 'light'
              ? Math.round(config.duration * config.rate)
              : Math.min(Math.ceil(busyRate * config.duration * 2.5) + 500, 150_000),
          );
          const measure = (allSent?: () => void) =>
            load === 'light'
              ? probe(load, ready, tokens, config.duration, allSent).then((r) => r.answers)
              : busyProbe(tokens, allSent);
          if (phase === 'quiet') {
            answers.quiet = await measure();
          } else if (phase === 'flooded') {
            const statsBefore = await hasherStats(ready);
            const f = await flood(ready);
            answers.flooded = await measure(f.stopStarting);
            logins = await f.finished();
            hasher = hasherLine(statsBefore, await hasherStats(ready));
            await settle(ready);
          } else {
            const f = await flood(ready, logins.waveIntervalMs);
            answers.control = await measure(f.stopStarting);
            control = await f.finished();
          }
        }
        const figures = {
          quiet: latency(answers.quiet!),
          flooded: latency(answers.flooded!),
          control: latency(answers.control!),
        };
        const r: RoundResult = {
          load,
          figures,
          ratio: figures.flooded.p99 / figures.quiet.p99,
          controlRatio: figures.control.p99 / figures.quiet.p99,
          logins: logins.answers,
          control: control.answers,
          waveIntervalMs: logins.waveIntervalMs,
        };
        results.push(r);
        const non200 = phases.map((p) => figures[p].non200).reduce((a, b) => a + b, 0);
        console.log(
          `  round ${round + 1}/${config.rounds}  ${load.padEnd(5)}  /api/me p99: quiet ${ms(figures.quiet.p99)}, flooded ${ms(figures.flooded.p99)}, control ${ms(figures.control.p99)}` +
            `  ratio ${r.ratio.toFixed(2)} (control ${r.controlRatio.toFixed(2)})  [p50 ${phases.map((p) => `${p} ${ms(figures[p].p50)}`).join(', ')}; requests ${phases.map((p) => figures[p].count).join('/')}]` +
            `${non200 ? `  !! /api/me non-200: ${phases.map((p) => `${figures[p].non200} ${p}`).join(', ')}` : ''}`,
        );
        console.log(
          `      flood: ${r.logins.length} logins, a wave every ${ms(r.waveIntervalMs)}, slowest ${ms(Math.max(...r.logins.map((a) => a.ms)))} (${slowestByStatus(r.logins)})${hasher}` +
            `  | control: ${r.control.length} requests (${slowestByStatus(r.control)})`,
        );
      }
    }

    const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
    const allLogins = results.flatMap((r) => r.logins);
    const slowestLogin = Math.max(...allLogins.map((a) => a.ms));
    const unanswered = allLogins.filter((a) => a.status === 0).length;
    console.log(`\nLogin flood figures (${config.rounds} round(s); ratios are medians of the per-round ratios):`);
    const ratios = config.loads.map((load) => {
      const rs = results.filter((r) => r.load === load);
      const value = median(rs.map((r) => r.ratio));
      const control = median(rs.map((r) => r.controlRatio));
      const invalid = rs.some((r) => r.figures.quiet.non200 + r.figures.flooded.non200 > 0);
      const label = load === 'light' ? `light (${config.rate} req/s)` : `busy (${config.connections} conn.)`;
      console.log(
        `  /api/me p99 flooded ÷ quiet, ${label.padEnd(17)} ${value.toFixed(2).padStart(7)}   target ≤ ${TARGET_RATIO}     ${invalid ? 'INVALID (non-200 answers)' : verdict(value <= TARGET_RATIO)}` +
          `   control ÷ quiet ${control.toFixed(2)}  (per round: ${rs.map((r) => `${r.ratio.toFixed(2)}/${r.controlRatio.toFixed(2)}`).join(' ')})`,
      );
      return {
        load,
        value,
        control,
        invalid,
        perRound: rs.map((r) => r.ratio),
        controlPerRound: rs.map((r) => r.controlRatio),
      };
    });
    console.log(
      `  slowest flooded login                            ${ms(slowestLogin).padStart(9)}   target ≤ ${TARGET_SLOWEST_LOGIN_MS / 1000} s   ${verdict(slowestLogin <= TARGET_SLOWEST_LOGIN_MS && unanswered === 0)}`,
    );
    console.log(
      `  flooded logins: ${allLogins.length}, of which unanswered ${unanswered}; statuses: ${JSON.stringify(statusCounts(allLogins))}`,
    );
    const rushLogins = rushes.flat();
    const slowestRush = Math.max(...rushLogins.map((a) => a.ms));
    const all200 = rushLogins.every((a) => a.status === 200);
    console.log(
      `  ${RUSH} simultaneous correct logins, ${rushes.length} times: slowest ${ms(slowestRush)}; statuses ${JSON.stringify(statusCounts(rushLogins))}   target: all 200 within 3 s   ${verdict(all200 && slowestRush <= 3000)}`,
    );

    const outFile = path.join(benchDir, 'results', 'login-flood.json');
    fs.mkdirSync(path.dirname(outFile), { recursive: true });
    fs.writeFileSync(
      outFile,
      `${JSON.stringify(
        {
          finishedAt: new Date().toISOString(),
          loadAverageBefore: loadBefore,
          cpus: os.cpus().length,
          config,
          ratios,
          slowestLoginMs: slowestLogin,
          rush: { logins: rushLogins.length, slowestMs: slowestRush, statuses: statusCounts(rushLogins) },
          unanswered,
          statuses: statusCounts(allLogins),
          rounds: results.map((r) => ({
            load: r.load,
            figures: r.figures,
            ratio: r.ratio,
            controlRatio: r.controlRatio,
            waveIntervalMs: r.waveIntervalMs,
            logins: r.logins.length,
            slowestLoginMs: Math.max(...r.logins.map((a) => a.ms)),
            controlStatuses: statusCounts(r.control),
          })),
        },
        null,
        2,
      )}\n`,
    );
    console.log(`written: ${path.relative(rootDir, outFile)}`);
  } finally {
    await server.stop();
  }
}

if (argv['flood-url'])
  await floodChild(argv['flood-url'], argv['control-every'] === undefined ? null : Number(argv['control-every']));
else await main();
