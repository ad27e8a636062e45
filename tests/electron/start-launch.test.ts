import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../support/gatehouse-fixture';
import { makeFakeElectron, type FakeElectron } from '../support/fake-electron';

// npm start with a fake Electron (GATEHOUSE_ELECTRON_DIR) on a display; needs the built app
// (out/main/index.js), as npm test builds it first
const root = path.resolve(import.meta.dirname, '..', '..');
const fakes: FakeElectron[] = [];
const dirs: string[] = [];
const running = new Set<ChildProcess>();
afterEach(() => {
  // a failed test leaves no launcher (nor the server it started) behind
  running.forEach((child) => child.kill('SIGTERM'));
  fakes.splice(0).forEach((f) => f.remove());
  dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});

/** `npm start --no-build` on the fake; `until` sees the output so far and may signal the launcher. */
function start(
  opts: Parameters<typeof makeFakeElectron>[0],
  until?: (out: string, signal: (s: NodeJS.Signals) => void) => void,
) {
  const fake = makeFakeElectron(opts);
  fakes.push(fake);
  const dataDir = makeTempDir();
  dirs.push(dataDir);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GATEHOUSE_ELECTRON_DIR: fake.dir,
    DISPLAY: ':0',
    ELECTRON_RUN_AS_NODE: '1',
    GATEHOUSE_ADMIN_TOKEN: 'start-launch-admin-token-0123456789abcdef',
  };
  delete env.GATEHOUSE_HEADLESS;
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  const child = spawn(
    process.execPath,
    ['scripts/start.mjs', '--no-build', '--data-dir', dataDir, '--port', '0', '--console-port', '0'],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  running.add(child);
  let out = '';
  const scan = (chunk: Buffer) => {
    out += chunk.toString();
    until?.(out, (s) => child.kill(s));
  };
  child.stdout.on('data', scan);
  child.stderr.on('data', scan);
  return new Promise<{ status: number | null; out: string; fake: FakeElectron }>((resolve) =>
    child.on('exit', (status) => {
      running.delete(child);
      resolve({ status, out, fake });
    }),
  );
}

const fallbackLines = (out: string) => out.split('\n').filter((line) => line.startsWith('Electron cannot run here'));

describe('npm start with Electron', () => {
  it('launches the installed binary on the built app (cwd the repo, ELECTRON_RUN_AS_NODE removed) and exits with its status', async () => {
    const { status, out, fake } = await start({ installed: true, behaviour: 'exit-0' });
    expect(fake.launches()).toEqual([{ argv: ['.'], cwd: root, runAsNode: null }]);
    expect(fake.installerRuns()).toBe(0);
    expect(fallbackLines(out)).toEqual([]);
    expect(status).toBe(0);
  });

  it('fetches a missing binary with its installer, whose output is shown, then launches it', async () => {
    const { status, out, fake } = await start({ installed: false, installer: 'fetches', behaviour: 'exit-0' });
    expect(fake.installerRuns()).toBe(1);
    expect(out).toContain('fetching Electron 45.4.1 with its installer');
    expect(out).toContain('fake installer: downloading electron-v45.4.1 100%');
    expect(fake.launches()).toHaveLength(1);
    expect(status).toBe(0);
  });

  it('exits with the status the window chose on Ctrl-C or kill, even in its first seconds (no fallback)', async () => {
    const { status, out } = await start({ installed: true, behaviour: 'exit-5-on-sigterm' }, (out, signal) => {
      if (out.includes('fake electron: window open')) signal('SIGTERM');
    });
    expect(fallbackLines(out)).toEqual([]);
    expect(status).toBe(5);
  });

  it('exits 128 + the signal when the window is killed, as a shell reports it', async () => {
    const { status } = await start({ installed: true, behaviour: 'killed-by-sigkill' });
    expect(status).toBe(137);
  });

  it('when the fetch fails, says so in one line and serves the web console until stopped', async () => {
    let stopped = false;
    const { status, out, fake } = await start({ installed: false, installer: 'fails' }, (out, signal) => {
      if (stopped || !/admin console: http:\/\/\S+/.test(out)) return;
      stopped = true;
      signal('SIGTERM');
    });
    expect(fake.installerRuns()).toBe(1);
    expect(fallbackLines(out)).toEqual([
      'Electron cannot run here (its binary could not be fetched: offline? its installer exited with 1, see its message above); serving the web console instead.',
    ]);
    expect(fake.launches()).toEqual([]);
    expect(stopped).toBe(true);
    expect(status).toBe(0);
  });
});

describe('npm run dev without Electron', () => {
  it('says why in one line and exits 1, without fetching where downloads are off', async () => {
    const fake = makeFakeElectron({ installed: false, installer: 'fetches' });
    fakes.push(fake);
    const env = { ...process.env, GATEHOUSE_ELECTRON_DIR: fake.dir, DISPLAY: ':0', ELECTRON_SKIP_BINARY_DOWNLOAD: '1' };
    const child = spawn(process.execPath, ['scripts/dev.mjs'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const status = await new Promise((resolve) => child.on('exit', resolve));
    expect(out).toBe(
      'npm run dev: Electron cannot run here (its binary is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it is not fetched); npm start serves the web console.\n',
    );
    expect(fake.installerRuns()).toBe(0);
    expect(status).toBe(1);
  });
});
