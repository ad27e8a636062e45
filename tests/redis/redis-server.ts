import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A real redis-server owned by one test file: loopback only, a random free port, AOF on in its own
 * temp folder (no RDB snapshots), so a restart on the same port and folder keeps committed writes.
 */
export interface TestRedis {
  readonly port: number;
  readonly url: string;
  readonly dir: string;
  /** SIGTERM (Redis fsyncs the AOF and exits), then start again on the same port and folder. */
  restart(): Promise<void>;
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
  /** Stops the server and removes its folder. */
  close(): Promise<void>;
}

const BINARY = process.env.REDIS_SERVER ?? 'redis-server';

function assertInstalled(): void {
  const probe = spawnSync(BINARY, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `redis-server is required for these tests and was not found (${BINARY}): install the Debian package redis-server or set REDIS_SERVER`,
    );
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function launch(port: number, dir: string): Promise<ChildProcess> {
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'yes',
    '--dir',
    dir,
    '--daemonize',
    'no',
    '--loglevel',
    'warning',
    '--protected-mode',
    'yes',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(BINARY, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    const deadline = setTimeout(() => finish(new Error(`redis-server did not start on ${port}:\n${log}`)), 10_000);
    const poll = setInterval(() => {
      const sock = net.connect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.write('PING\r\n');
        sock.once('data', (d) => {
          sock.destroy();
          if (d.toString().startsWith('+PONG')) finish();
        });
      });
      sock.once('error', () => sock.destroy());
    }, 25);
    function finish(err?: Error) {
      clearTimeout(deadline);
      clearInterval(poll);
      if (err) {
        child.kill('SIGKILL');
        reject(err);
      } else resolve(child);
    }
    child.stdout.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    child.once('exit', (code) => finish(new Error(`redis-server exited (${code}) on ${port}:\n${log}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export async function startTestRedis(): Promise<TestRedis> {
  assertInstalled();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-redis-'));
  let port = await freePort();
  let child: ChildProcess | null = null;
  for (let attempt = 0; !child; attempt++) {
    try {
      child = await launch(port, dir);
    } catch (err) {
      if (attempt >= 3) throw err;
      port = await freePort(); // another process took the port between probe and bind
    }
  }
  const t: TestRedis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    async stopServer() {
      if (child) await stop(child);
      child = null;
    },
    async startServer() {
      child ??= await launch(port, dir);
    },
    async restart() {
      await t.stopServer();
      await t.startServer();
    },
    async close() {
      await t.stopServer();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return t;
}
