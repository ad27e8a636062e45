import { scryptSync } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HashingBusyError, PasswordHasher, type ScryptJob } from '../../src/main/auth/password-hasher';
import { dummyPasswordHash, ScryptPasswords } from '../../src/main/auth/passwords';

/** A cheap scrypt (N=2^12: ~4 MiB, a few ms), so tests can run many. */
const job = (password: string): ScryptJob => ({
  password,
  salt: Buffer.from('0123456789abcdef'),
  keyLength: 32,
  N: 1 << 12,
  r: 8,
  p: 1,
  maxmem: 64 * 1024 * 1024,
});
/** What node:crypto derives for the same job on this thread. */
const expectedKey = (j: ScryptJob) =>
  scryptSync(j.password, j.salt, j.keyLength, { N: j.N, r: j.r, p: j.p, maxmem: j.maxmem });

const hashers: PasswordHasher[] = [];
function hasher(opts: ConstructorParameters<typeof PasswordHasher>[0]): PasswordHasher {
  const h = new PasswordHasher(opts);
  hashers.push(h);
  return h;
}
afterEach(async () => {
  await Promise.all(hashers.splice(0).map((h) => h.close()));
});

/** Submits `n` jobs at once; records, in order, when each settles ('done' or 'refused'). */
function submitAll(h: PasswordHasher, n: number) {
  const order: string[] = [];
  const jobs = Array.from({ length: n }, (_, i) => job(`password-${i}`));
  const settled = jobs.map((j, i) =>
    h.scrypt(j).then(
      (key) => (order.push(`done ${i}`), { i, key, error: null }),
      (error: unknown) => (order.push(`refused ${i}`), { i, key: null, error }),
    ),
  );
  return { jobs, order, all: Promise.all(settled) };
}

describe('PasswordHasher admission control', () => {
  it('refuses jobs beyond its expected-wait budget at once, before any admitted job finishes, and completes every admitted one', async () => {
    // 1 thread, 100 ms a job (assumed), 300 ms budget: the 1st runs, the 2nd and 3rd would finish by 300 ms, the rest would not
    const h = hasher({ threads: 1, initialEstimateMs: 100, budgetMs: 300, maxQueued: 100 });
    const { jobs, order, all } = submitAll(h, 10);
    const results = await all;

    expect(results.filter((r) => r.key).map((r) => r.i)).toEqual([0, 1, 2]);
    for (const r of results.slice(0, 3)) expect(r.key!.equals(expectedKey(jobs[r.i]!))).toBe(true);
    for (const r of results.slice(3)) {
      expect(r.error).toBeInstanceOf(HashingBusyError);
      expect((r.error as HashingBusyError).retryAfter).toBeGreaterThanOrEqual(1);
    }
    // every refusal was settled before the first admitted job finished
    expect(order.slice(0, 7).every((e) => e.startsWith('refused'))).toBe(true);
    expect(order.slice(7)).toEqual(['done 0', 'done 1', 'done 2']);
    expect(h.stats()).toMatchObject({ completed: 3, refused: 7, running: 0, queued: 0 });
  });

  it('caps the queue whatever the estimate says', async () => {
    const h = hasher({ threads: 1, initialEstimateMs: 1, budgetMs: 60_000, maxQueued: 2 });
    const results = await submitAll(h, 5).all;
    // one on the thread, two queued
    expect(results.map((r) => (r.key ? 'ok' : 'busy'))).toEqual(['ok', 'ok', 'ok', 'busy', 'busy']);
  });

  it('queues nothing on a guess when told not to: until a job has been timed, one job per free thread is admitted', async () => {
    const h = hasher({ threads: 2, budgetMs: 60_000, initialEstimateMs: null });
    const first = await submitAll(h, 4).all;
    expect(first.map((r) => (r.key ? 'ok' : 'busy'))).toEqual(['ok', 'ok', 'busy', 'busy']);
    expect(h.stats().averageMs).toBeGreaterThan(0);
    // now timed: the budget, not the thread count, decides
    const second = await submitAll(h, 4).all;
    expect(second.every((r) => r.key)).toBe(true);
  });

  it('refuses queued jobs that can no longer meet the deadline instead of starting them', async () => {
    // the estimate admits a queue, but a deadline of 0 ms cannot be met by a job that has to wait
    const h = hasher({ threads: 1, initialEstimateMs: 1, budgetMs: 60_000, deadlineMs: 0 });
    const results = await submitAll(h, 3).all;
    expect(results.map((r) => (r.key ? 'ok' : 'busy'))).toEqual(['ok', 'busy', 'busy']);
    expect(results[1]!.error).toBeInstanceOf(HashingBusyError);
    expect(h.stats()).toMatchObject({ completed: 1, expired: 2 });
  });

  it('refuses a queued job at its latest start, while the job ahead of it is still running', async () => {
    const h = hasher({ threads: 1, initialEstimateMs: 1, budgetMs: 60_000, deadlineMs: 1 });
    const order: string[] = [];
    // a full-cost hash (N=2^17) holds the thread; the queued job's latest start passes meanwhile
    const running = h
      .scrypt({ ...job('slow'), N: 1 << 17, maxmem: 256 * 1024 * 1024 })
      .then(() => order.push('running done'));
    const queued = h
      .scrypt(job('queued'))
      .catch((err: unknown) =>
        order.push(err instanceof HashingBusyError ? 'queued refused' : 'queued failed otherwise'),
      );
    await Promise.all([running, queued]);
    expect(order).toEqual(['queued refused', 'running done']);
    expect(h.stats()).toMatchObject({ expired: 1, completed: 1 });
  });
});

describe('PasswordHasher workers', () => {
  it('replaces a crashed worker, failing only the job it was running', async () => {
    // the real worker, except that it dies on an uncaught error when it is given the password "crash"
    const crashing = new URL('../support/crashing-scrypt-worker.ts', import.meta.url);
    const h = hasher({ threads: 1, initialEstimateMs: 1, budgetMs: 60_000, worker: crashing });
    const crash = h.scrypt(job('crash'));
    const after = [job('after-1'), job('after-2')];
    const keys = after.map((j) => h.scrypt(j));

    await expect(crash).rejects.toThrow(/password-hashing thread stopped.*boom/);
    const derived = await Promise.all(keys);
    derived.forEach((key, i) => expect(key.equals(expectedKey(after[i]!))).toBe(true));
    expect(h.stats()).toMatchObject({ spawned: 2, crashed: 1, completed: 2 });
  });

  it('rejects a job whose parameters scrypt refuses, and keeps working', async () => {
    const h = hasher({ threads: 1 });
    await expect(h.scrypt({ ...job('x'), N: 3 })).rejects.toThrow(/scrypt failed/);
    const j = job('y');
    expect((await h.scrypt(j)).equals(expectedKey(j))).toBe(true);
    expect(h.stats()).toMatchObject({ spawned: 1, crashed: 0 });
  });

  it('rejects queued and running jobs on close, and refuses new ones', async () => {
    const h = hasher({ threads: 1, initialEstimateMs: 1, budgetMs: 60_000 });
    const pending = [h.scrypt(job('a')), h.scrypt(job('b'))].map((p) => expect(p).rejects.toThrow(/closed/));
    await h.close();
    await Promise.all(pending);
    await expect(h.scrypt(job('c'))).rejects.toThrow(/closed/);
  });

  it.runIf(process.platform === 'linux')('runs its threads, and only them, at its niceness (Linux)', async () => {
    /** The nice value of each of this process's threads (field 19 of /proc/self/task/<tid>/stat). */
    const niceness = () =>
      fs.readdirSync('/proc/self/task').map((tid) => {
        const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
      });
    const before = niceness();
    const h = hasher({ threads: 2, niceness: 11 });
    await Promise.all([h.scrypt(job('one')), h.scrypt(job('two'))]);
    const after = niceness();
    expect(after.filter((n) => n === 11).length - before.filter((n) => n === 11).length).toBeGreaterThanOrEqual(2);
    expect(os.getPriority()).toBe(before[0]);
  });

  it('lets the process exit while its workers are idle', () => {
    // a script that hashes once through a default executor and never closes it
    const script = `import { ScryptPasswords } from ${JSON.stringify(path.resolve('src/main/auth/passwords.ts'))};\nconsole.log((await new ScryptPasswords().hash('pw')).split('$')[0]);`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(r.stderr).toBe('');
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('scrypt');
  });
});

describe('passwords through the default executor', () => {
  // a default executor (one thread per CPU), closed after each test
  let passwords: ScryptPasswords;
  beforeEach(() => {
    passwords = new ScryptPasswords(hasher({}));
  });
  const hashPassword = (password: string) => passwords.hash(password);
  const verifyPassword = (password: string, stored: string) => passwords.verify(password, stored);

  it('hashes in the unchanged scrypt$N$r$p$salt$hash format, and verifies', async () => {
    const stored = await hashPassword('correct horse');
    expect(stored).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword('correct horse', stored)).toBe(true);
    expect(await verifyPassword('wrong horse', stored)).toBe(false);
  });

  it('verifies a hash made directly with node:crypto (hashes stored before the executor still work)', async () => {
    const salt = Buffer.from('fedcba9876543210');
    const key = scryptSync('old password', salt, 32, { N: 1 << 14, r: 8, p: 1 });
    const stored = ['scrypt', 1 << 14, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
    expect(await verifyPassword('old password', stored)).toBe(true);
    expect(await verifyPassword('other password', stored)).toBe(false);
  });

  it('gives a dummy hash of the same format and parameters that no password matches', async () => {
    const dummy = await dummyPasswordHash();
    expect(dummy).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await dummyPasswordHash()).toBe(dummy);
    expect(await verifyPassword('', dummy)).toBe(false);
  });

  it('runs through an injected executor, whose refusal reaches the caller as HashingBusyError', async () => {
    // one thread, nothing timed yet: a second concurrent hash is refused
    const injected = hasher({ threads: 1, initialEstimateMs: null });
    passwords = new ScryptPasswords(injected);
    expect(passwords.hasher).toBe(injected);
    const first = hashPassword('one');
    await expect(verifyPassword('two', await dummyPasswordHash())).rejects.toBeInstanceOf(HashingBusyError);
    expect(await first).toMatch(/^scrypt\$/);
    expect(injected.stats()).toMatchObject({ completed: 1, refused: 1 });
  });
});
