// The headless server as plain JavaScript: src/main/serve.ts and the seed command bundled with
// esbuild into out/server/, the workspace packages included from their sources (esbuild reads
// tsconfig.json's `paths`, as tsc, tsx and Vite do), every other
// dependency left to node_modules. What `npm run serve` runs, and what a deployment runs after
// `npm ci --omit=dev` (no tsx, no build tools at run time).
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const bundled = new Set(
  pkg.workspaces.map((w) => JSON.parse(fs.readFileSync(path.join(root, w, 'package.json'), 'utf8')).name),
);
const external = Object.keys(pkg.dependencies)
  .filter((name) => !bundled.has(name))
  .flatMap((name) => [name, `${name}/*`]);

await build({
  absWorkingDir: root,
  entryPoints: {
    serve: 'src/main/serve.ts',
    seed: 'src/main/runtime/seed.ts',
    // the password hasher's thread, started by file URL beside serve.mjs (auth/worker-module.ts)
    'scrypt-worker': 'src/main/auth/scrypt-worker.ts',
  },
  outdir: 'out/server',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  tsconfig: 'tsconfig.json',
  external,
  sourcemap: true,
  logLevel: 'warning',
  // a .js file under a "type": "module" package is ESM; name it so regardless of where it is copied
  outExtension: { '.js': '.mjs' },
});
console.error('built out/server/serve.mjs, seed.mjs and scrypt-worker.mjs');
