// `npm run example`: Gatehouse headless (`npm run serve` with the sample app's --config), then the
// sample app; prints the three URLs once both are ready, and Ctrl-C stops both.
// Environment: SAMPLE_APP_PORT (3000), GATEHOUSE_PORT (8787), GATEHOUSE_CONSOLE_PORT (8788),
// SAMPLE_DATA_DIR (Gatehouse's data folder; $TMPDIR/gatehouse-sample-app), GATEHOUSE_REDIS.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

const here = import.meta.dirname;
const root = path.resolve(here, '..', '..');

function fail(message) {
  console.error(`example: ${message}`);
  process.exit(1);
}

function portFrom(name, fallback) {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`${name}=${value} is not a port number (1–65535)`);
  return port;
}

/** Resolves when `port` can be listened on at `host`; a host this machine lacks (no IPv6) counts as free. */
function checkFree(port, host, name, variable) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', (err) => {
      if (err.code === 'EADDRINUSE') fail(`port ${port} (${name}) is in use; stop what uses it or set ${variable}`);
      if (err.code === 'EACCES') fail(`port ${port} (${name}) needs privileges; set ${variable} to a port above 1023`);
      resolve();
    });
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

const ports = {
  app: portFrom('SAMPLE_APP_PORT', 3000),
  auth: portFrom('GATEHOUSE_PORT', 8787),
  console: portFrom('GATEHOUSE_CONSOLE_PORT', 8788),
};
await checkFree(ports.auth, '127.0.0.1', 'Gatehouse auth server', 'GATEHOUSE_PORT');
await checkFree(ports.console, '127.0.0.1', 'Gatehouse console', 'GATEHOUSE_CONSOLE_PORT');
await checkFree(ports.app, '127.0.0.1', 'sample app', 'SAMPLE_APP_PORT');
await checkFree(ports.app, '::1', 'sample app', 'SAMPLE_APP_PORT');

const dataDir = path.resolve(process.env.SAMPLE_DATA_DIR || path.join(os.tmpdir(), 'gatehouse-sample-app'));
fs.mkdirSync(dataDir, { recursive: true });
// the registered URIs name the app's port: another port gets a copy of the config that says so
let configFile = path.join(here, 'gatehouse.json');
const config = JSON.parse(fs.readFileSync(configFile, 'utf8'));
if (ports.app !== 3000) {
  const moved = fs
    .readFileSync(configFile, 'utf8')
    .replaceAll('http://localhost:3000/', `http://localhost:${ports.app}/`);
  configFile = path.join(dataDir, 'sample-app.gatehouse.json');
  fs.writeFileSync(configFile, moved);
}

const children = new Set();
let stopping = false;
let exitCode = 0;

/** Starts a child, echoes its output line by line with a prefix, and hands each line to `onLine`. */
function start(name, args, env, onLine) {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env } });
  children.add(child);
  for (const stream of [child.stdout, child.stderr])
    readline.createInterface({ input: stream }).on('line', (line) => {
      console.log(`[${name}] ${line}`);
      onLine(line);
    });
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (stopping) {
      if (!children.size) process.exit(exitCode);
      return;
    }
    console.error(`example: ${name} stopped (${signal ?? `exit ${code}`}); stopping the rest`);
    stop(1);
  });
  return child;
}

function stop(code = 0) {
  stopping = true;
  exitCode ||= code;
  if (!children.size) process.exit(exitCode);
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(exitCode || 1), 10_000).unref();
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop(0));

const urls = {};
const gatehouseReady = new Promise((resolve) => {
  start(
    'gatehouse',
    [
      'scripts/serve.mjs',
      '--data-dir',
      dataDir,
      '--port',
      String(ports.auth),
      '--console-port',
      String(ports.console),
      '--config',
      configFile,
      // the app's /api/orders reads the revocation feed of this Redis
      ...(process.env.GATEHOUSE_REDIS ? ['--store', process.env.GATEHOUSE_REDIS] : []),
    ],
    {},
    (line) => {
      const [, key, url] = /^(auth server|admin console|sign in): (\S+)$/.exec(line) ?? [];
      if (key) urls[key] = url;
      if (urls['auth server'] && urls['admin console']) resolve();
    },
  );
});
await gatehouseReady;
await new Promise((resolve) => {
  start(
    'sample-app',
    ['--import', 'tsx', path.join(here, 'main.ts')],
    { GATEHOUSE_ISSUER: urls['auth server'], SAMPLE_APP_PORT: String(ports.app) },
    (line) => {
      const url = /^sample app: (\S+)$/.exec(line)?.[1];
      if (url) resolve((urls['sample app'] = url));
    },
  );
});

const users = (config.users ?? []).map((u) => `${u.username} / ${u.password}`).join(', ');
console.log(`
  sample app:      ${urls['sample app']}   (sign in as ${users})
  auth server:     ${urls['auth server']}
  console sign-in: ${urls['sign in'] ?? `${urls['admin console']}   (sign in with your GATEHOUSE_ADMIN_TOKEN)`}

Data folder: ${dataDir}. Ctrl-C stops both.
`);
