/**
 * `tsx bench/verifier-propagation.ts` (run by `npm run bench` and `npm run bench:propagation`): how
 * soon a resource server's `createVerifier` refuses a token after a session is revoked on a
 * Gatehouse instance, each in its own process, as they are deployed. A `serve --store redis://…`
 * process and a verifier process (the package's createVerifier + openRedisRevocations, nothing else)
 * share one Redis. For each of N sessions: the verifier checks the token once (cache warm), then
 * spins on verify; the bench calls the instance's admin API to revoke the session; latency is from
 * the start of that call to the verifier's first refusal, both read from the same machine clock.
 *
 *   npx tsx bench/verifier-propagation.ts [--revocations 200]
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startTestRedis } from '../tests/redis/redis-server';
import { TSX } from '../tests/support/node-args';
import { startServe, type ServeProcess } from '../tests/support/serve-process';

const { values: argv, positionals } = parseArgs({
  options: { revocations: { type: 'string' } },
  allowPositionals: true,
  strict: true,
});
const N = Number(argv.revocations ?? 200);
/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes. */
const epochMs = () => performance.timeOrigin + performance.now();
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

/** Child: a resource server's verifier. Reads `{watch}` lines; answers ready, then the moment of refusal. */
async function verifierProcess(redisUrl: string, issuer: string, jwksUrl: string): Promise<void> {
  const { createVerifier } = await import('@gatehouse/verifier');
  const { openRedisRevocations } = await import('@gatehouse/verifier/redis');
  const revocations = await openRedisRevocations({ url: redisUrl });
  const verifier = createVerifier({ issuer, audience: 'demo-resource', jwksUrl, revocations });
  const say = (msg: object) => process.stdout.write(`${JSON.stringify(msg)}\n`);
  say({ up: true });
  for await (const line of readline.createInterface({ input: process.stdin })) {
    const { watch } = JSON.parse(line) as { watch: string };
    const first = await verifier.verify(watch);
    if (!first.ok) {
      say({ error: `not accepted before the revoke: ${first.code}` });
      continue;
    }
    say({ ready: true });
    let result: Awaited<ReturnType<typeof verifier.verify>> = first;
    // spin, yielding to the event loop so the feed message can arrive
    while (result.ok) {
      await new Promise((r) => setImmediate(r));
      result = await verifier.verify(watch);
    }
    say({ refusedAt: epochMs(), code: result.code });
  }
  verifier.close();
  await revocations.close();
}

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

async function main(): Promise<void> {
  const redis = await startTestRedis();
  const server = await startServe({
    args: ['--store', redis.url],
    env: { GATEHOUSE_KEK: randomBytes(32).toString('base64url') },
  });
  const issuer = (
    (await (await fetch(`${server.authUrl}/.well-known/openid-configuration`)).json()) as { issuer: string }
  ).issuer;
  const child = spawn(
    process.execPath,
    [...TSX, fileURLToPath(import.meta.url), 'verifier', redis.url, issuer, `${server.authUrl}/.well-known/jwks.json`],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () =>
    JSON.parse(((await lines.next()).value as string | undefined) ?? '{}') as {
      up?: boolean;
      ready?: boolean;
      refusedAt?: number;
      code?: string;
      error?: string;
    };
  try {
    if (!(await next()).up) throw new Error('the verifier process did not start');
    const users = await admin<{ id: string; username: string }[]>(server, 'users.list', {});
    const alice = users.find((u) => u.username === 'alice')!;
    const latencies: number[] = [];
    for (let i = 0; i < N; i++) {
      const minted = await admin<{ accessToken: string; sessionId: string }>(server, 'tokens.mint', {
        userId: alice.id,
      });
      child.stdin.write(`${JSON.stringify({ watch: minted.accessToken })}\n`);
      const ready = await next();
      if (!ready.ready) throw new Error(`verifier: ${ready.error}`);
      const t0 = epochMs();
      await admin(server, 'sessions.revoke', { sessionId: minted.sessionId, reason: 'bench' });
      const refused = await next();
      if (refused.code !== 'session_revoked') throw new Error(`verifier refused with ${refused.code}`);
      latencies.push(refused.refusedAt! - t0);
    }
    latencies.sort((x, y) => x - y);
    console.log(
      `createVerifier in its own process, revoke on a Gatehouse instance (another process) → first refusal (${N} revocations):`,
    );
    console.log(
      `  p50 ${pct(latencies, 50).toFixed(2)} ms   p99 ${pct(latencies, 99).toFixed(2)} ms   max ${latencies.at(-1)!.toFixed(2)} ms   (from the start of the admin API call)`,
    );
  } finally {
    child.kill();
    await server.stop();
    await redis.close();
  }
}

if (positionals[0] === 'verifier') await verifierProcess(positionals[1]!, positionals[2]!, positionals[3]!);
else await main();
