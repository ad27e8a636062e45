/**
 * `tsx bench/propagation.ts` — the Redis deployment's numbers (a measurement, not a test):
 *  1. revocation propagation: revoke a session on instance A, poll instance B's verifier
 *     (in-process, the same call /api/me makes) until it rejects; p50/p99 over N revocations,
 *     measured from the start of the revoke call and from its return;
 *  2. verify throughput on B: hybrid (in-memory revocation sets, verified-token cache on) vs. a
 *     Redis read per request (signature check cached too, plus `store.getSession` on every call).
 *
 *   npx tsx bench/propagation.ts [--revocations 500] [--iterations 20000] [--concurrency 32] [--redis redis://127.0.0.1:6379]
 * Without --redis it starts its own redis-server (loopback, random port, AOF in a temp folder).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Gatehouse } from '../src/main/auth/gatehouse';
import { openGatehouse } from '../src/main/runtime/open-gatehouse';
import type { UserRecord } from '../src/main/store/store';
import { startTestRedis, type TestRedis } from '../tests/redis/redis-server';

const { values: argv } = parseArgs({
  options: {
    revocations: { type: 'string' },
    iterations: { type: 'string' },
    concurrency: { type: 'string' },
    redis: { type: 'string' },
  },
  strict: true,
});
const N = Number(argv.revocations ?? 500);
const ITERATIONS = Number(argv.iterations ?? 20_000);
const CONCURRENCY = Number(argv.concurrency ?? 32);
const CLIENT = { ip: '127.0.0.1', userAgent: 'bench' };

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const fmt = (ms: number) => `${ms.toFixed(3)} ms`;

async function instance(url: string, kek: string, prefix: string): Promise<{ g: Gatehouse; close(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `gatehouse-bench-${prefix}-`));
  const g = await openGatehouse({ dataDir: dir, store: url, env: { GATEHOUSE_KEK: kek } });
  g.settings.setIssuer('http://gatehouse.bench');
  return { g, close: async () => (await g.close(), fs.rmSync(dir, { recursive: true, force: true })) };
}

async function measurePropagation(a: Gatehouse, b: Gatehouse, user: UserRecord) {
  const fromStart: number[] = [];
  const fromReturn: number[] = [];
  let polls = 0;
  for (let i = 0; i < N; i++) {
    const { access, session } = await a.sessions.startSession(user, CLIENT, 'admin');
    const warm = await b.verifier.verify(access.token);
    if (!warm.ok) throw new Error(`B does not accept A's token: ${warm.code}`);
    const t0 = performance.now();
    await a.sessions.revokeSession(session.id, 'bench', 'bench');
    const t1 = performance.now();
    for (;;) {
      polls++;
      const r = await b.verifier.verify(access.token);
      if (!r.ok) {
        if (r.code !== 'session_revoked') throw new Error(`unexpected rejection ${r.code}`);
        break;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    const t2 = performance.now();
    fromStart.push(t2 - t0);
    fromReturn.push(t2 - t1);
  }
  fromStart.sort((x, y) => x - y);
  fromReturn.sort((x, y) => x - y);
  return { fromStart, fromReturn, polls };
}

/** ops/s of `op` with `CONCURRENCY` callers in flight, over ITERATIONS calls. */
async function throughput(op: () => Promise<unknown>): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next++ < ITERATIONS) await op();
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return ITERATIONS / ((performance.now() - t0) / 1000);
}

let redis: TestRedis | undefined;
const url = argv.redis ?? (redis = await startTestRedis()).url;
const kek = randomBytes(32).toString('base64url');
const A = await instance(url, kek, 'a');
const B = await instance(url, kek, 'b');
try {
  const user: UserRecord = {
    id: randomBytes(9).toString('base64url'),
    username: `bench-${Date.now()}`,
    passwordHash: 'disabled',
    tokenVersion: 0,
    roles: ['user'],
    claims: {},
    createdAt: A.g.clock.now(),
  };
  await A.g.store.createUser(user);

  console.log(
    `propagation: ${N} revocations, revoke on A → first rejection by B's verifier (polling with setImmediate)`,
  );
  const p = await measurePropagation(A.g, B.g, user);
  console.log(
    `  from revoke start : p50 ${fmt(pct(p.fromStart, 50))}  p99 ${fmt(pct(p.fromStart, 99))}  max ${fmt(p.fromStart.at(-1)!)}`,
  );
  console.log(
    `  from revoke return: p50 ${fmt(pct(p.fromReturn, 50))}  p99 ${fmt(pct(p.fromReturn, 99))}  max ${fmt(p.fromReturn.at(-1)!)}`,
  );
  console.log(
    `  target p99 ≤ 50 ms (issue 6): ${pct(p.fromStart, 99) <= 50 ? 'MET' : 'MISS'}; ${(p.polls / N).toFixed(1)} polls per revocation`,
  );

  const { access, session } = await A.g.sessions.startSession(user, CLIENT, 'admin');
  const hybrid = async () => {
    const r = await B.g.verifier.verify(access.token);
    if (!r.ok) throw new Error(r.code);
  };
  const perRequestRead = async () => {
    const r = await B.g.verifier.verify(access.token);
    const s = await B.g.store.getSession(session.id);
    if (!r.ok || s?.status !== 'active') throw new Error('rejected');
  };
  await throughput(hybrid);
  await throughput(perRequestRead);
  const rounds = [0, 1, 2].map(() => ({ hybrid: 0, read: 0 }));
  for (const round of rounds) {
    round.hybrid = await throughput(hybrid);
    round.read = await throughput(perRequestRead);
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const h = median(rounds.map((r) => r.hybrid));
  const r = median(rounds.map((r) => r.read));
  console.log(`verify throughput on B, ${CONCURRENCY} in flight, ${ITERATIONS} calls, median of 3 rounds:`);
  console.log(`  hybrid (in-memory revocation, cache on): ${Math.round(h)}/s`);
  console.log(`  + Redis session read per request      : ${Math.round(r)}/s`);
  console.log(`  ratio hybrid ÷ per-request Redis read : ${(h / r).toFixed(2)}`);
} finally {
  await B.close();
  await A.close();
  await redis?.close();
}
