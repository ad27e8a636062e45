import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as publicEntry from '../src/index.js';
import * as internal from '../src/internal.js';
import * as redisEntry from '../src/redis/index.js';

const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = path.resolve(pkgDir, '../..');
const exportsMap = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).exports as Record<
  string,
  { types: string; default: string }
>;
// tsconfig.base.json holds comments: drop whole-line ones before parsing
const tsconfig = fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8').replace(/^\s*\/\/.*$/gm, '');
const paths = JSON.parse(tsconfig).compilerOptions.paths as Record<string, [string]>;

describe('the public entries hold only what a resource server uses', () => {
  it('@gatehouse/verifier: createVerifier and the constants of its results', () => {
    expect(Object.keys(publicEntry).sort()).toEqual(['TOKEN_ERROR_CODES', 'VERIFY_STEPS', 'createVerifier']);
  });

  it('@gatehouse/verifier/redis: the revocation feed', () => {
    expect(Object.keys(redisEntry)).toEqual(['openRedisRevocations']);
  });

  it('the sample app, a resource server like any other, imports only the public entries', () => {
    const dir = path.join(root, 'examples', 'sample-app');
    const names = new Set<string>();
    for (const file of fs.readdirSync(dir).filter((f) => /\.(ts|mjs)$/.test(f)))
      for (const [, name] of fs.readFileSync(path.join(dir, file), 'utf8').matchAll(/from '(@gatehouse\/[^']+)'/g))
        names.add(name!);
    expect([...names].sort()).toEqual(['@gatehouse/verifier', '@gatehouse/verifier/redis']);
  });

  it('@gatehouse/verifier/internal: the public entry and the pieces Gatehouse is built from', () => {
    for (const name of ['createVerifier', 'createPipeline', 'jwtProfile', 'signJws', 'signJwsOffThread', 'Denylist'])
      expect(internal).toHaveProperty(name);
  });
});

describe('one map from package name to sources inside the repository', () => {
  it('tsconfig paths mirror package.json exports, each source building to the dist file exported', () => {
    const expected = Object.fromEntries(
      Object.entries(exportsMap).map(([sub, target]) => {
        const source = target.default.replace(/^\.\/dist\//, './packages/verifier/src/').replace(/\.js$/, '.ts');
        return [`@gatehouse/verifier${sub.slice(1)}`, [source]];
      }),
    );
    const own = Object.fromEntries(Object.entries(paths).filter(([name]) => name.startsWith('@gatehouse/verifier')));
    expect(own).toEqual(expected);
    for (const [, [source]] of Object.entries(own)) expect(fs.existsSync(path.join(root, source))).toBe(true);
  });

  it('a child started through tsx from the root resolves the package to its sources, not dist/', () => {
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        "console.log(import.meta.resolve('@gatehouse/verifier/internal'))",
      ],
      { cwd: root, encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(fileURLToPath(r.stdout.trim())).toBe(path.join(pkgDir, 'src', 'internal.ts'));
  });
});
