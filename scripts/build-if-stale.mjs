// The compiled parts of Gatehouse and what each is built from, for the launch scripts: a part
// whose output is missing or older than its sources is rebuilt (when the build tools are here).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const PARTS = [
  {
    name: 'the server (out/server)',
    output: 'out/server/serve.mjs',
    sources: ['src/main', 'src/shared', 'packages/verifier/src'],
    build: ['scripts/build-server.mjs'],
  },
  {
    name: 'the web console (out/renderer)',
    output: 'out/renderer/index.html',
    sources: ['src/renderer', 'src/shared', 'packages/verifier/src'],
    build: ['node_modules/electron-vite/bin/electron-vite.js', 'build'],
  },
];

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Rebuilds what is stale. Without the build tools (an `npm ci --omit=dev` install) nothing is
 * built: what was built before is run as it is, and a missing part is an error.
 */
export function buildIfStale() {
  const tools = fs.existsSync(path.join(root, 'node_modules', 'esbuild')) && fs.existsSync(path.join(root, 'src'));
  for (const part of PARTS) {
    const output = path.join(root, part.output);
    const builtAt = fs.existsSync(output) ? fs.statSync(output).mtimeMs : 0;
    if (!tools) {
      if (!builtAt)
        throw new Error(`${part.name} is not built and the build tools are not installed: run npm ci && npm run build`);
      continue;
    }
    if (Math.max(...part.sources.map((s) => newestMtime(path.join(root, s)))) <= builtAt) continue;
    console.error(`building ${part.name}…`);
    const r = spawnSync(
      process.execPath,
      part.build.map((a) => (a.includes('/') ? path.join(root, a) : a)),
      { cwd: root, stdio: ['ignore', 2, 2] },
    );
    if (r.status !== 0) throw new Error(`building ${part.name} failed`);
  }
}
