// `npm run serve`: headless mode. Builds the console first when its build is missing or older
// than its sources, then runs src/main/serve.ts in a child that gets every argument and signal.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, 'out', 'renderer', 'index.html');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0;
const sourcesAt = Math.max(newestMtime(path.join(root, 'src', 'renderer')), newestMtime(path.join(root, 'src', 'shared')));
if (sourcesAt > builtAt) {
  console.error('building the web console (out/renderer)…');
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (r.status !== 0) console.error('console build failed; the auth server starts anyway and the console page says so');
}

const child = spawn(process.execPath, ['--conditions=gatehouse-source', '--import', 'tsx', path.join(root, 'src', 'main', 'serve.ts'), ...process.argv.slice(2)], { cwd: process.cwd(), stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
// The child's status is ours: its exit code as it is (a SIGTERM or SIGINT passed on above ends in
// a clean shutdown, exit 0), and death by a signal (SIGKILL from the OOM killer, a crash) is
// 128 + the signal's number, as a shell reports it: never 0, so a supervisor sees the failure.
child.on('exit', (code, signal) => {
  if (code !== null) process.exit(code);
  console.error(`gatehouse: the server process was killed by ${signal}`);
  process.exit(128 + (os.constants.signals[signal] ?? 0));
});
