// `npm start [-- --no-build] [serve options]`: builds, then opens the desktop window, fetching
// Electron's binary first when it is missing (scripts/ensure-electron.mjs). Where Electron cannot run
// (no display, the binary cannot be fetched, it fails to start), it says so in one line and starts
// headless mode with the web console instead; serve options (--data-dir, --port, --console-port,
// --host, --virtual-clock) are passed on to it. GATEHOUSE_HEADLESS=1 asks for the web console directly.
// GATEHOUSE_VIRTUAL_CLOCK=1 gives the live instance a virtual clock either way (the desktop app
// reads it; the fallback passes --virtual-clock on).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale } from './build-if-stale.mjs';
import { ensureElectron } from './ensure-electron.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** An Electron that exits with an error sooner than this after launch "failed to start". */
const STARTUP_MS = 5000;

const argv = process.argv.slice(2);
const skipBuild = argv.includes('--no-build');
const serveArgs = argv.filter((a) => a !== '--no-build');

if (!skipBuild) {
  const built = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) {
    console.error('npm start: the build failed (see above)');
    process.exit(built.status ?? 1);
  }
}

const electron = findElectron();
if ('problem' in electron) serveHeadless(electron.problem);
else launchElectron(electron.exe);

/** The Electron executable (fetched when missing), or why it cannot run here. */
function findElectron() {
  if (process.env.GATEHOUSE_HEADLESS) return { problem: 'GATEHOUSE_HEADLESS is set' };
  if (!fs.existsSync(path.join(root, 'out', 'main', 'index.js')))
    return { problem: 'the app is not built: out/main/index.js is missing' };
  return ensureElectron();
}

function launchElectron(exe) {
  const started = Date.now();
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(exe, ['.'], { cwd: root, env, stdio: ['inherit', 'inherit', 'pipe'] });
  let lastError = '';
  child.stderr.on('data', (chunk) => {
    process.stderr.write(chunk);
    lastError = chunk.toString().trim().split('\n').pop() || lastError;
  });
  const signals = forwardSignals(child);
  let fellBack = false;
  child.on('error', (err) => {
    fellBack = true;
    signals.stop();
    serveHeadless(`${path.basename(exe)} did not start: ${err.code ?? err.message}`);
  });
  child.on('exit', (code, signal) => {
    if (fellBack) return;
    signals.stop();
    // an early failure falls back, but not the end the user asked for with Ctrl-C or kill
    if (code && !signals.forwarded && Date.now() - started < STARTUP_MS) {
      serveHeadless(`it exited with code ${code} at start${lastError ? `: ${lastError.slice(0, 200)}` : ''}`);
      return;
    }
    exitLike(code, signal);
  });
}

function serveHeadless(reason) {
  console.log(`Electron cannot run here (${reason}); serving the web console instead.`);
  try {
    buildIfStale();
  } catch (err) {
    console.error(`npm start: ${err.message}`);
    process.exit(1);
  }
  const has = (flag) => serveArgs.some((a) => a === flag || a.startsWith(`${flag}=`));
  const args = [path.join(root, 'out', 'server', 'serve.mjs')];
  if (!has('--data-dir')) args.push('--data-dir', defaultDataDir());
  if (!has('--port')) args.push('--port', '8787');
  if (!has('--console-port')) args.push('--console-port', '8788');
  // as the desktop app does (src/main/electron/desktop-services.ts)
  if (process.env.GATEHOUSE_VIRTUAL_CLOCK === '1' && !has('--virtual-clock')) args.push('--virtual-clock');
  // the console's sign-in screen names the command that was run (see src/main/web/console-server.ts)
  const env = { ...process.env, GATEHOUSE_LAUNCHED_BY: 'npm start' };
  const child = spawn(process.execPath, [...args, ...serveArgs], { cwd: root, env, stdio: 'inherit' });
  forwardSignals(child);
  child.on('exit', exitLike);
}

/**
 * Headless data lives apart from the desktop app's userData: the desktop app seals its keys with
 * safeStorage, which headless mode cannot open.
 */
function defaultDataDir() {
  if (process.env.GATEHOUSE_DATA_DIR) return path.resolve(process.env.GATEHOUSE_DATA_DIR);
  if (process.platform === 'win32')
    return path.join(process.env.LOCALAPPDATA || path.join(os.homedir(), 'AppData', 'Local'), 'Gatehouse', 'headless');
  if (process.platform === 'darwin')
    return path.join(os.homedir(), 'Library', 'Application Support', 'Gatehouse Headless');
  return path.join(process.env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share'), 'gatehouse');
}

/**
 * Passes Ctrl-C and `kill` on to the child, which shuts down cleanly and decides the exit code.
 * `forwarded` says whether the end was asked for.
 */
function forwardSignals(child) {
  let forwarded = false;
  const handlers = ['SIGINT', 'SIGTERM', 'SIGHUP'].map((signal) => {
    const handler = () => {
      forwarded = true;
      child.kill(signal);
    };
    process.on(signal, handler);
    return [signal, handler];
  });
  return {
    get forwarded() {
      return forwarded;
    },
    stop() {
      for (const [signal, handler] of handlers) process.off(signal, handler);
    },
  };
}

/** The child's status is ours: its exit code, or 128 + the signal's number as a shell reports it. */
function exitLike(code, signal) {
  process.exit(code ?? 128 + (os.constants.signals[signal] ?? 0));
}
