/**
 * Headless mode (docs/operations.md, Headless mode): the auth server and the web console without Electron.
 *   npm run serve -- --data-dir DIR [--port N] [--console-port M] [--host 127.0.0.1]
 *     [--virtual-clock] [--store sqlite|redis://HOST:PORT] [--issuer URL] [--cors-origin ORIGIN]…
 *     [--trust-proxy ADDR|CIDR]… [--secure-cookies] [--config FILE]
 * With `--store redis://…`, every process on that Redis is one deployment (shared sessions,
 * keys and revocations); all of them need the same GATEHOUSE_KEK (or the same kek.key).
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseOrigin } from './http/origin-guard';
import { ConfigError, readConfigFile, type GatehouseConfig } from './runtime/config-file';
import { parseTrustProxy } from './runtime/trust-proxy';
import { startHeadless } from './runtime/headless';

function usage(message: string): never {
  console.error(
    `${message}\nusage: npm run serve -- --data-dir DIR [--port N] [--console-port M] [--host 127.0.0.1] [--virtual-clock] [--store sqlite|redis://HOST:PORT] [--issuer URL] [--cors-origin ORIGIN]… [--trust-proxy ADDR|CIDR]… [--secure-cookies] [--config FILE]`,
  );
  process.exit(2);
}

function parsePort(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    usage(`--${name} must be a port number (0 = any free port), not ${JSON.stringify(value)}`);
  return port;
}

let args;
try {
  args = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      'console-port': { type: 'string' },
      host: { type: 'string' },
      store: { type: 'string' },
      issuer: { type: 'string' },
      'virtual-clock': { type: 'boolean' },
      'cors-origin': { type: 'string', multiple: true },
      'trust-proxy': { type: 'string', multiple: true },
      'secure-cookies': { type: 'boolean' },
      config: { type: 'string' },
    },
    strict: true,
  }).values;
} catch (err) {
  usage((err as Error).message);
}

const dataDir = args['data-dir'];
if (!dataDir) usage('--data-dir is required');
if (args.store && args.store !== 'sqlite' && !/^rediss?:\/\/[^\s]+$/.test(args.store))
  usage(`--store ${args.store}: use sqlite or redis://HOST:PORT`);
if (args.issuer !== undefined && !/^https?:\/\/[^\s]+$/.test(args.issuer))
  usage(`--issuer ${args.issuer}: must be an http(s) URL`);
const corsOrigins = (args['cors-origin'] ?? []).map(
  (o) =>
    parseOrigin(o) ??
    usage(`--cors-origin ${o}: must be an origin like https://app.example.com (scheme, host, port; no path)`),
);
const trusted = parseTrustProxy(args['trust-proxy'] ?? []);
if ('problem' in trusted) usage(trusted.problem);

// checked whole before the data folder is opened: a bad file changes nothing
let config: GatehouseConfig | undefined;
if (args.config !== undefined) {
  try {
    config = readConfigFile(path.resolve(args.config));
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`gatehouse: --config ${err.message}`);
    process.exit(2);
  }
}

// Handlers from the start: a SIGTERM that arrives as the ready lines are printed (or earlier) is a
// clean stop once the start is complete, not Node's default death by the signal. A second one
// while the start is still running (say, waiting for a busy Redis) ends the process at once.
let stopRequested = false;
let stop = (signal: NodeJS.Signals): void => {
  if (stopRequested) process.exit(128 + (os.constants.signals[signal] ?? 0));
  stopRequested = true;
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stop(signal));

const running = await startHeadless({
  dataDir: path.resolve(dataDir),
  host: args.host ?? '127.0.0.1',
  port: parsePort(args.port, 8787, 'port'),
  consolePort: parsePort(args['console-port'], 8788, 'console-port'),
  virtualClock: args['virtual-clock'] ?? false,
  store: args.store,
  issuer: args.issuer,
  corsOrigins,
  trustProxy: trusted.proxies,
  secureCookies: args['secure-cookies'] ?? false,
  config,
}).catch((err: unknown) => {
  console.error(`gatehouse: could not start: ${(err as Error).message}`);
  process.exit(1);
});

let stopping = false;
stop = () => {
  if (stopping) return;
  stopping = true;
  running.stop().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error('gatehouse: unclean shutdown:', err);
      process.exit(1);
    },
  );
};
if (stopRequested) stop('SIGTERM');
