// The Electron binary for `npm start`, `npm run dev` and `npm run package`. Electron 45 installs no
// binary at `npm install`: it comes on first use, from Electron's own installer
// (node_modules/electron/install.js, what `npx install-electron` runs). Here it is fetched when it
// is missing, with the installer's own output, unless that cannot work: no display (a server),
// ELECTRON_SKIP_BINARY_DOWNLOAD set (CI, the tests), no Electron build for this platform, or a Node
// older than the installer needs. Each refusal is one short reason the caller prints.
// GATEHOUSE_ELECTRON_DIR stands in for node_modules/electron (the tests' fake Electron).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The platforms and architectures Electron publishes builds for (process.platform, process.arch). */
const ELECTRON_BUILDS = { darwin: ['x64', 'arm64'], linux: ['x64', 'arm64', 'arm'], win32: ['x64', 'ia32', 'arm64'] };

/** The folder of the `electron` package: node_modules/electron, or GATEHOUSE_ELECTRON_DIR. */
export function electronDir(env = process.env) {
  return env.GATEHOUSE_ELECTRON_DIR
    ? path.resolve(env.GATEHOUSE_ELECTRON_DIR)
    : path.join(root, 'node_modules', 'electron');
}

/** The installed Electron executable in `dir`, or null. Never `require('electron')`: that downloads. */
export function installedElectron(dir = electronDir()) {
  try {
    const exe = path.join(dir, 'dist', fs.readFileSync(path.join(dir, 'path.txt'), 'utf8').trim());
    return fs.existsSync(exe) ? exe : null;
  } catch {
    return null;
  }
}

/** Why Electron's window cannot show here (Linux and the BSDs without X11 or Wayland), or null. */
export function noDisplay(env = process.env, platform = process.platform) {
  if (platform === 'darwin' || platform === 'win32') return null;
  return env.DISPLAY || env.WAYLAND_DISPLAY ? null : 'no display: DISPLAY and WAYLAND_DISPLAY are unset';
}

/**
 * Why this Node cannot run the package in `packageDir` (its `engines.node` is `>= X.Y.Z`), or null.
 * Electron 45, its installer and electron-builder's rebuild step declare Node 22.12; the server and
 * the web console run on Node 20.19 too.
 */
export function nodeTooOld(packageDir, nodeVersion = process.versions.node) {
  let pkg;
  try {
    pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
  } catch {
    return null;
  }
  const wanted = /^>=\s*v?(\d+)\.(\d+)\.(\d+)$/.exec(pkg.engines?.node?.trim() ?? '');
  if (!wanted) return null;
  const have = nodeVersion.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const need = Number(wanted[i + 1]);
    if (have[i] > need) return null;
    if (have[i] < need)
      return `Node ${nodeVersion} is too old for ${pkg.name} ${pkg.version}, which needs Node ${wanted[1]}.${wanted[2]}.${wanted[3]} or later`;
  }
  return null;
}

/**
 * The Electron executable, fetched first when it is missing, or the one reason it cannot run here.
 * @returns `{ exe }` or `{ problem }`
 */
export function ensureElectron({
  dir = electronDir(),
  env = process.env,
  platform = process.platform,
  arch = process.arch,
  nodeVersion = process.versions.node,
} = {}) {
  // no display: the window could not show, so the binary is not worth ~100 MB of download
  const display = noDisplay(env, platform);
  if (display) return { problem: display };
  const found = installedElectron(dir);
  if (found) return { exe: found };
  if (env.ELECTRON_SKIP_BINARY_DOWNLOAD)
    return { problem: 'its binary is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it is not fetched' };
  if (!ELECTRON_BUILDS[platform]?.includes(arch)) return { problem: `Electron has no build for ${platform}-${arch}` };
  const old = nodeTooOld(dir, nodeVersion);
  if (old) return { problem: `${old} to install its binary` };

  const version = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
  console.error(`Electron's binary is not installed yet: fetching Electron ${version} with its installer…`);
  const installer = spawnSync(process.execPath, [path.join(dir, 'install.js')], {
    cwd: dir,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (installer.status !== 0)
    return {
      problem: `its binary could not be fetched: offline? its installer ${installer.error ? `did not run: ${installer.error.code}` : `exited with ${installer.status ?? installer.signal}`}, see its message above`,
    };
  const exe = installedElectron(dir);
  return exe ? { exe } : { problem: 'its installer finished but the binary is still missing' };
}
