/**
 * `tsx bench/propagation-processes.ts` — issue 6's deployment figure, end to end (a measurement,
 * not a test): two `serve --store redis://…` processes on one Redis; a session is revoked through
 * instance A's admin API and instance B's `/api/me` is polled over HTTP until it answers 401.
 * Reports p50/p99 from the start of the revoke call to B's first rejection, against the issue's
 * bound (p99 ≤ 50 ms). B has verified each token once first, so the verified-token cache is warm
 * and only the revocation sets can reject it.
 *
 *   npx tsx bench/propagation-processes.ts [--revocations 200]
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { startTestRedis } from '../tests/redis/redis-server';
import { startServe, type ServeProcess } from '../tests/support/serve-process';

const { values: argv } = parseArgs({ options: { revocations: { type: 'string' } }, strict: true });
const N = Number(argv.revocations ?? 200);
const MAX_POLLS = 10_000;

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

async function admin<T>(s: ServeProcess, method: string, body: unknown): Promise<T> {
  const res = await fetch(new URL(`/admin/api/${method}`, s.consoleUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${s.adminToken}` },
    body: JSON.stringify(body),
  });
  const result = (await res.json()) as { ok: boolean; value: T; error?: { code: string; message: string } };
  if (!result.ok) throw new Error(`${method}: ${result.error?.code} ${result.error?.message}`);
  return result.value;
}

const meStatus = async (s: ServeProcess, token: string) =>
  (await fetch(`${s.authUrl}/api/me`, { headers: { authorization: `Bearer ${token}` } })).status;

const redis = await startTestRedis();
const env = { GATEHOUSE_KEK: randomBytes(32).toString('base64url') };
const servers: ServeProcess[] = [];
try {
  const a = await startServe({ args: ['--store', redis.url], env });
  servers.push(a);
  const b = await startServe({ args: ['--store', redis.url], env });
  servers.push(b);
  const users = await admin<{ id: string; username: string }[]>(a, 'users.list', {});
  const alice = users.find((u) => u.username === 'alice')!;
  const latencies: number[] = [];
  const polls: number[] = [];
  for (let i = 0; i < N; i++) {
    const minted = await admin<{ accessToken: string; sessionId: string }>(a, 'tokens.mint', { userId: alice.id });
    if ((await meStatus(b, minted.accessToken)) !== 200)
      throw new Error('instance B did not accept a fresh token from A');
    const t0 = performance.now();
    const revoke = admin(a, 'sessions.revoke', { sessionId: minted.sessionId, reason: 'bench' });
    let n = 0;
    while ((await meStatus(b, minted.accessToken)) !== 401)
      if (++n >= MAX_POLLS) throw new Error('B never rejected the revoked token');
    latencies.push(performance.now() - t0);
    polls.push(n + 1);
    await revoke;
  }
  latencies.sort((x, y) => x - y);
  const p99 = pct(latencies, 99);
  console.log(`Revocation propagation between two serve processes on one Redis (${N} revocations)`);
  console.log(
    `  revoke via A's admin API → B's /api/me answers 401:  p50 ${pct(latencies, 50).toFixed(2)} ms  p99 ${p99.toFixed(2)} ms  max ${latencies.at(-1)!.toFixed(2)} ms`,
  );
  console.log(
    `  target p99 ≤ 50 ms  ${p99 <= 50 ? 'PASS' : 'MISS'}   (includes the admin HTTP call and B's HTTP polls: median ${pct(
      [...polls].sort((x, y) => x - y),
      50,
    )} poll(s) per revocation)`,
  );
} finally {
  for (const s of servers.reverse()) await s.stop();
  await redis.close();
}
