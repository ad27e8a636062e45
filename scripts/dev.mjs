// `npm run dev [-- electron-vite options]`: electron-vite's dev server with hot reload, on the
// Electron binary, fetched first when it is missing (scripts/ensure-electron.mjs). Where Electron
// cannot run it says why in one line and exits 1: `npm start` serves the web console instead.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { root } from './build-if-stale.mjs';
import { ensureElectron } from './ensure-electron.mjs';

const electron = ensureElectron();
if ('problem' in electron) {
  console.error(`npm run dev: Electron cannot run here (${electron.problem}); npm start serves the web console.`);
  process.exit(1);
}
// electron-vite launches the executable named by ELECTRON_EXEC_PATH
const child = spawn(
  process.execPath,
  [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'dev', ...process.argv.slice(2)],
  { cwd: root, env: { ...process.env, ELECTRON_EXEC_PATH: electron.exe }, stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? 128 + (os.constants.signals[signal] ?? 0)));
