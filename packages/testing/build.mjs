// `npm run build -w @gatehouse/testing`: dist/ for those who install the package.
//  - dist/index.js: esbuild bundle of src/index.ts and the Gatehouse server code it needs (the
//    workspace packages from their sources through tsconfig.json's `paths`, as the server's own
//    build does); the runtime packages stay imports, installed as this package's `dependencies`.
//  - dist/index.d.ts and dist/types/: tsc's declarations of the same graph, their module
//    specifiers made resolvable by a consumer (relative ones with their `.js`, the verifier's
//    workspace names as relative paths to its emitted declarations).
//  - dist/renderer/: the built console (`out/renderer`, from `npm run build`), when present.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(pkgDir, '../..');
const dist = path.join(pkgDir, 'dist');
const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
const external = Object.keys(pkg.dependencies).flatMap((name) => [name, `${name}/*`]);

fs.rmSync(dist, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { index: path.join(pkgDir, 'src/index.ts') },
  outdir: dist,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  tsconfig: path.join(root, 'tsconfig.json'),
  external,
  sourcemap: true,
  logLevel: 'warning',
});

const types = path.join(dist, 'types');
execFileSync(
  process.execPath,
  [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(pkgDir, 'tsconfig.build.json')],
  { stdio: 'inherit' },
);
const verifierTypes = path.join(types, 'packages/verifier/src');
const workspaceEntries = {
  '@gatehouse/verifier': 'index',
  '@gatehouse/verifier/redis': 'redis/index',
  '@gatehouse/verifier/token-errors': 'token-errors',
  '@gatehouse/verifier/internal': 'internal',
  '@gatehouse/verifier/internal/redis': 'redis/internal',
  '@gatehouse/verifier/internal/format': 'format',
};
for (const file of fs.readdirSync(types, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.d.ts'))) {
  const full = path.join(types, file);
  const fixed = fs.readFileSync(full, 'utf8').replace(/(from |import\()'([^']+)'/g, (all, lead, spec) => {
    let target = null;
    if (spec in workspaceEntries) target = path.join(verifierTypes, workspaceEntries[spec]);
    else if (spec.startsWith('.')) target = path.resolve(path.dirname(full), spec.replace(/\.js$/, ''));
    if (target === null) return all;
    if (fs.existsSync(`${target}.d.ts`)) target = `${target}.js`;
    else if (fs.existsSync(path.join(target, 'index.d.ts'))) target = path.join(target, 'index.js');
    else return all;
    let relative = path.relative(path.dirname(full), target).split(path.sep).join('/');
    if (!relative.startsWith('.')) relative = `./${relative}`;
    return `${lead}'${relative}'`;
  });
  fs.writeFileSync(full, fixed);
}
fs.writeFileSync(path.join(dist, 'index.d.ts'), "export * from './types/packages/testing/src/index.js';\n");

const renderer = path.join(root, 'out/renderer');
if (fs.existsSync(path.join(renderer, 'index.html')))
  fs.cpSync(renderer, path.join(dist, 'renderer'), { recursive: true });
console.error('built packages/testing/dist: index.js, index.d.ts, types/, renderer/');
