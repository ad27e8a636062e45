// `npm run package [-- electron-builder options]`: builds the app, then the installers with
// electron-builder (electron-builder.yml). electron-builder fetches the Electron it packs itself
// and rebuilds better-sqlite3 for it with @electron/rebuild, which, like Electron 45's own tools,
// needs Node 22.12: on an older Node this says so in one line and exits 1 before building anything.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { root } from './build-if-stale.mjs';
import { electronDir, nodeTooOld } from './ensure-electron.mjs';

const old = nodeTooOld(path.join(root, 'node_modules', '@electron', 'rebuild')) ?? nodeTooOld(electronDir());
if (old) {
  console.error(`npm run package: ${old} (the server and the web console run on this Node).`);
  process.exit(1);
}
for (const [tool, ...args] of [
  ['electron-vite/bin/electron-vite.js', 'build'],
  ['electron-builder/cli.js', ...process.argv.slice(2)],
]) {
  const run = spawnSync(process.execPath, [path.join(root, 'node_modules', tool), ...args], {
    cwd: root,
    stdio: 'inherit',
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
