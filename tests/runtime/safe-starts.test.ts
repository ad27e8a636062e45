/**
 * Safe starts, with real processes: a start that would lose or fork data is refused in one line,
 * exits non-zero and leaves the data folder as it was; a dead Redis is reported promptly; and
 * `npm run serve` reports its server's death by a signal.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDesktopServices } from '../../src/main/electron/desktop-services';
import type { SafeStorageLike } from '../../src/main/electron/safe-storage-kek';
import { startTestRedis, type TestRedis } from '../redis/redis-server';
import { ADMIN_TOKEN, CLIENT_SECRET, DEMO_PASSWORD } from '../support/serve-process';
import { TSX } from '../support/node-args';

const root = path.resolve(import.meta.dirname, '..', '..');
const SERVE = [...TSX, 'src/main/serve.ts'];
const WRAPPER = ['scripts/serve.mjs'];
const SEED = [...TSX, 'src/main/runtime/seed.ts'];

interface Proc {
  child: ChildProcess;
  pid: number;
  output(): string;
  /** Both ready lines were printed; rejects when the process exits first. */
  ready: Promise<{ authUrl: string }>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const procs: ChildProcess[] = [];
const dirs: string[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-starts-'));
  dirs.push(dir);
  return dir;
}

/** Runs `node ARGS` in the project root with the test secrets, and no KEK unless `env` gives one. */
function run(args: string[], env: NodeJS.ProcessEnv = {}): Proc {
  const base = { ...process.env };
  delete base.GATEHOUSE_KEK;
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: {
      ...base,
      GATEHOUSE_DEMO_PASSWORD: DEMO_PASSWORD,
      GATEHOUSE_CLIENT_SECRET: CLIENT_SECRET,
      GATEHOUSE_ADMIN_TOKEN: ADMIN_TOKEN,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so that cleaning up also ends the server under `npm run serve`
  });
  procs.push(child);
  let out = '';
  // 'close', not 'exit': by then everything it printed has been read
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  const ready = new Promise<{ authUrl: string }>((resolve, reject) => {
    const scan = (chunk: Buffer) => {
      out += chunk.toString();
      const authUrl = /auth server: (http:\/\/\S+)/.exec(out)?.[1];
      if (authUrl && /admin console: http:\/\/\S+/.test(out)) resolve({ authUrl });
    };
    child.stdout!.on('data', scan);
    child.stderr!.on('data', scan);
    void exited.then(({ code, signal }) =>
      reject(new Error(`exited (${code ?? signal}) before it was ready:\n${out}`)),
    );
  });
  ready.catch(() => {}); // a refused start is awaited through `exited`
  return { child, pid: child.pid!, output: () => out, ready, exited };
}

const serve = (dir: string, opts: { args?: string[]; env?: NodeJS.ProcessEnv; via?: string[] } = {}) =>
  run(
    [...(opts.via ?? SERVE), '--data-dir', dir, '--port', '0', '--console-port', '0', ...(opts.args ?? [])],
    opts.env,
  );

/** A start expected to fail: its exit status and what it printed, trimmed. */
async function refused(proc: Proc): Promise<{ code: number | null; output: string }> {
  const { code } = await proc.exited;
  return { code, output: proc.output().trim() };
}

/** Starts a server on `dir` and stops it cleanly: a data folder with a database, sealed keys and kek.key. */
async function initialize(dir: string, env: NodeJS.ProcessEnv = {}): Promise<void> {
  const first = serve(dir, { env });
  await first.ready;
  first.child.kill('SIGTERM');
  expect((await first.exited).code).toBe(0);
}

/** Every file in the folder with its mode and a hash of its bytes. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, name);
    files[name] =
      `${(fs.statSync(file).mode & 0o777).toString(8)} ${createHash('sha256').update(fs.readFileSync(file)).digest('hex')}`;
  }
  return files;
}

/** The pid of `parent`'s only child process. */
function childPidOf(parent: number): number {
  const pids = execFileSync('ps', ['-o', 'pid=', '--ppid', String(parent)], { encoding: 'utf8' })
    .trim()
    .split(/\s+/)
    .map(Number);
  expect(pids).toHaveLength(1);
  return pids[0]!;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

function fakeSafeStorage(): SafeStorageLike {
  const flip = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
  return {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptString: (text) => flip(Buffer.from(text, 'utf8')),
    decryptString: (buf) => flip(buf).toString('utf8'),
  };
}

/** SIGKILLs what a test left running: each process's whole group. */
function killAll(): void {
  for (const child of procs.splice(0)) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // the group is gone already
    }
  }
}

afterEach(() => {
  killAll();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('a data folder whose database is not usable', () => {
  it('a 0-byte gatehouse.db: exits 1 saying it is empty, and writes nothing (no database, kek.key, secrets.json or lock left)', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'gatehouse.db');
    fs.writeFileSync(db, '');
    const before = snapshot(dir);
    const { code, output } = await refused(serve(dir));
    expect(code).toBe(1);
    expect(output).toBe(
      `gatehouse: could not start: ${db} is empty (0 bytes): refusing to start; restore it from a backup or remove it to start a new data folder`,
    );
    expect(snapshot(dir)).toEqual(before);
  });

  it('a gatehouse.db that is not a SQLite database: exits 1 saying so, and leaves the folder as it was', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'gatehouse.db');
    fs.writeFileSync(db, 'not a database at all\n'.repeat(200));
    const before = snapshot(dir);
    const { code, output } = await refused(serve(dir));
    expect(code).toBe(1);
    expect(output).toBe(
      `gatehouse: could not start: ${db} is not a SQLite database (4400 bytes, no SQLite header): refusing to start; restore it from a backup or remove it to start a new data folder`,
    );
    expect(snapshot(dir)).toEqual(before);
  });

  it('desktop mode refuses a 0-byte gatehouse.db the same way, without writing kek.safe or secrets.json', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'gatehouse.db'), '');
    const before = snapshot(dir);
    await expect(
      startDesktopServices({
        dataDir: dir,
        safeStorage: fakeSafeStorage(),
        version: '0.0.0',
        env: { GATEHOUSE_AUTH_PORT: '0' },
        log: () => {},
      }),
    ).rejects.toThrow(`${path.join(dir, 'gatehouse.db')} is empty (0 bytes): refusing to start`);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('the key-encryption key', () => {
  it('kek.key missing beside sealed keys: exits 1 naming kek.key and the database, and writes no new kek.key', async () => {
    const dir = tempDir();
    await initialize(dir);
    fs.rmSync(path.join(dir, 'kek.key'));
    const before = snapshot(dir);
    const { code, output } = await refused(serve(dir));
    expect(code).toBe(1);
    expect(output).toBe(
      `gatehouse: could not start: key-encryption key ${path.join(dir, 'kek.key')} is missing, but the signing keys in ${path.join(dir, 'gatehouse.db')} were sealed under it: ` +
        `restore ${path.join(dir, 'kek.key')} from a backup, or set GATEHOUSE_KEK to the key they were sealed under; no new key was written, since it could not open them`,
    );
    expect(snapshot(dir)).toEqual(before);
  });

  it('a wrong GATEHOUSE_KEK: exits 1 saying GATEHOUSE_KEK is wrong for the keys in the database (no AES-GCM error), folder unchanged', async () => {
    const dir = tempDir();
    await initialize(dir);
    const before = snapshot(dir);
    const { code, output } = await refused(
      serve(dir, { env: { GATEHOUSE_KEK: randomBytes(32).toString('base64url') } }),
    );
    expect(code).toBe(1);
    expect(output).toMatch(
      new RegExp(
        `^gatehouse: could not start: key-encryption key GATEHOUSE_KEK is wrong for the signing keys in ${escape(path.join(dir, 'gatehouse.db'))} \\(they were sealed under another key\\): set GATEHOUSE_KEK to the key they were sealed under[^\\n]*$`,
      ),
    );
    expect(output).not.toMatch(/unable to authenticate/i);
    expect(snapshot(dir)).toEqual(before);
  });

  it('a new data folder still gets a new 0600 kek.key and database', async () => {
    const dir = tempDir();
    await initialize(dir);
    expect(fs.statSync(path.join(dir, 'kek.key')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(dir, 'gatehouse.db')).mode & 0o777).toBe(0o600);
  });
});

describe('one Gatehouse per data folder', () => {
  it('a second server exits 1 naming the first one’s pid, and the first keeps serving, then releases the folder on SIGTERM', async () => {
    const dir = tempDir();
    const first = serve(dir);
    const { authUrl } = await first.ready;
    const { code, output } = await refused(serve(dir));
    expect(code).toBe(1);
    expect(output).toBe(
      `gatehouse: could not start: data folder ${dir} is in use by another Gatehouse (pid ${first.pid})`,
    );
    const login = await fetch(`${authUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'alice', password: DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('gatehouse.lock') || f === 'gatehouse.pid')).toEqual([]);
  });

  it('npm run seed on a folder a server holds exits 1 naming the server’s pid', async () => {
    const dir = tempDir();
    const server = serve(dir);
    await server.ready;
    const { code, output } = await refused(run([...SEED, '--data-dir', dir, '--sessions', '5']));
    expect(code).toBe(1);
    expect(output).toBe(`seed: data folder ${dir} is in use by another Gatehouse (pid ${server.pid})`);
  });

  it('desktop mode on a folder a headless server holds is refused, naming the server’s pid, without writing kek.safe', async () => {
    const dir = tempDir();
    const server = serve(dir);
    await server.ready;
    await expect(
      startDesktopServices({
        dataDir: dir,
        safeStorage: fakeSafeStorage(),
        version: '0.0.0',
        env: { GATEHOUSE_AUTH_PORT: '0' },
        log: () => {},
      }),
    ).rejects.toThrow(`data folder ${dir} is in use by another Gatehouse (pid ${server.pid})`);
    expect(fs.existsSync(path.join(dir, 'kek.safe'))).toBe(false);
  });

  it('a second server with --store redis:// on the same folder is refused too (the folder holds its secrets and KEK)', async () => {
    const dir = tempDir();
    const first = serve(dir);
    await first.ready;
    const { code, output } = await refused(
      serve(dir, { args: ['--store', `redis://127.0.0.1:${await closedPort()}`] }),
    );
    expect(code).toBe(1);
    expect(output).toBe(
      `gatehouse: could not start: data folder ${dir} is in use by another Gatehouse (pid ${first.pid})`,
    );
  });

  it('the lock left behind by a kill -9 does not block the next start', async () => {
    const dir = tempDir();
    const killed = serve(dir);
    await killed.ready;
    killed.child.kill('SIGKILL');
    expect((await killed.exited).signal).toBe('SIGKILL');
    expect(fs.existsSync(path.join(dir, 'gatehouse.lock'))).toBe(true); // stale: its kernel lock died with the process
    const next = serve(dir);
    await next.ready;
    next.child.kill('SIGTERM');
    expect((await next.exited).code).toBe(0);
  });
});

describe('npm run serve (scripts/serve.mjs)', () => {
  it('passes its server’s exit code through: a refused start exits 1', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'gatehouse.db'), '');
    // the first run may build the web console first
    const { code } = await refused(serve(dir, { via: WRAPPER }));
    expect(code).toBe(1);
  }, 60_000);

  it('exits 137 (128 + 9) when its server process is SIGKILLed', async () => {
    const dir = tempDir();
    const wrapper = serve(dir, { via: WRAPPER });
    await wrapper.ready;
    process.kill(childPidOf(wrapper.pid), 'SIGKILL');
    expect(await wrapper.exited).toEqual({ code: 137, signal: null });
  });

  it('exits 0 when it is sent SIGTERM and its server shuts down cleanly', async () => {
    const dir = tempDir();
    const wrapper = serve(dir, { via: WRAPPER });
    await wrapper.ready;
    wrapper.child.kill('SIGTERM');
    expect(await wrapper.exited).toEqual({ code: 0, signal: null });
  });
});

describe('--store redis://', () => {
  it('a Redis nobody listens on: exits 1 with one line naming the URL, well before ioredis’s 11 s of retries', async () => {
    const dir = tempDir();
    const url = `redis://127.0.0.1:${await closedPort()}`;
    const started = performance.now();
    const { code, output } = await refused(serve(dir, { args: ['--store', url] }));
    console.log(`--store ${url}: refused after ${((performance.now() - started) / 1000).toFixed(2)} s`);
    expect(code).toBe(1);
    expect(output).toMatch(
      new RegExp(`^gatehouse: could not start: redis at ${escape(url)} does not answer: [^\\n]*ECONNREFUSED[^\\n]*$`),
    );
  }, 8000);

  describe('a deployment’s sealed keys', () => {
    // a Redis of its own for each test: a deployment is everything in it
    let redis: TestRedis;
    beforeEach(async () => {
      redis = await startTestRedis();
    });
    afterEach(async () => {
      killAll();
      await redis?.close();
    });

    it('an instance with another GATEHOUSE_KEK exits 1 saying it is wrong for the keys in that Redis', async () => {
      const kek = randomBytes(32).toString('base64url');
      const first = serve(tempDir(), { args: ['--store', redis.url], env: { GATEHOUSE_KEK: kek } });
      await first.ready;
      const { code, output } = await refused(
        serve(tempDir(), {
          args: ['--store', redis.url],
          env: { GATEHOUSE_KEK: randomBytes(32).toString('base64url') },
        }),
      );
      expect(code).toBe(1);
      expect(output).toBe(
        `gatehouse: could not start: key-encryption key GATEHOUSE_KEK is wrong for the signing keys in ${redis.url} (they were sealed under another key): every instance of one deployment needs the same GATEHOUSE_KEK (or the same kek.key)`,
      );
    });

    it('an instance with no KEK at all exits 1 naming its missing kek.key and the Redis, and writes no kek.key', async () => {
      const kek = randomBytes(32).toString('base64url');
      const first = serve(tempDir(), { args: ['--store', redis.url], env: { GATEHOUSE_KEK: kek } });
      await first.ready;
      const dir = tempDir();
      const { code, output } = await refused(serve(dir, { args: ['--store', redis.url] }));
      expect(code).toBe(1);
      expect(output).toMatch(
        new RegExp(
          `^gatehouse: could not start: key-encryption key ${escape(path.join(dir, 'kek.key'))} is missing, but the signing keys in ${escape(redis.url)} were sealed under it: [^\\n]*no new key was written`,
        ),
      );
      expect(fs.readdirSync(dir)).toEqual([]);
    });
  });
});
