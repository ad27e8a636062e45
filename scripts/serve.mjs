// `npm run serve`: headless mode. Builds what is stale (the server, the console) when the build
// tools are installed, then runs the compiled server (out/server/serve.mjs) in a child that gets
// every argument and signal. A deployment may run `node out/server/serve.mjs` itself.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { buildIfStale, root } from './build-if-stale.mjs';

try {
  buildIfStale();
} catch (err) {
  console.error(`gatehouse: ${err.message}`);
  process.exit(1);
}

const child = spawn(process.execPath, [path.join(root, 'out', 'server', 'serve.mjs'), ...process.argv.slice(2)], {
  cwd: process.cwd(),
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
// The child's status is ours: its exit code as it is (a SIGTERM or SIGINT passed on above ends in
// a clean shutdown, exit 0), and death by a signal (SIGKILL from the OOM killer, a crash) is
// 128 + the signal's number, as a shell reports it: never 0, so a supervisor sees the failure.
child.on('exit', (code, signal) => {
  if (code !== null) process.exit(code);
  console.error(`gatehouse: the server process was killed by ${signal}`);
  process.exit(128 + (os.constants.signals[signal] ?? 0));
});
