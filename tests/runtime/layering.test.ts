/**
 * The layering rule of docs/ARCHITECTURE.md ("each layer imports only the ones below it"), as
 * eslint.config.js checks it: an import that climbs into a higher layer fails the lint.
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: path.resolve(__dirname, '../..') });
});

/** The layering messages the lint gives one import line in `file`. */
async function layeringErrors(file: string, line: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${line}\nexport const used = [x];\n`, { filePath: file });
  return result!.messages
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((m) => m.message);
}

const refused: [string, string][] = [
  // the sandbox asks the composition root for its instances instead of importing it
  ['src/main/demo/sandbox.ts', "import { x } from '../runtime/open-gatehouse';"],
  ['src/main/demo/sandbox.ts', "import type { x } from '../admin/admin-service';"],
  ['src/main/http/routes/x.ts', "import { x } from '../../admin/admin-service';"],
  ['src/main/http/x.ts', "import { x } from '../demo/sandbox';"],
  ['src/main/auth/x.ts', "import { x } from '../http/params';"],
  ['src/main/auth/x.ts', "import { x } from 'fastify';"],
  ['src/main/auth/x.ts', "import { x } from 'better-sqlite3';"],
  ['src/main/store/redis/x.ts', "import { x } from '../../auth/gatehouse';"],
  ['src/main/store/x.ts', "import { x } from '../http/errors';"],
  ['src/main/lib/x.ts', "import { x } from '../auth/random';"],
  ['src/main/admin/handlers/x.ts', "import { x } from '../../runtime/services';"],
  ['src/main/web/x.ts', "import { x } from '../runtime/compose';"],
  ['src/main/runtime/x.ts', "import { x } from '../electron/ipc';"],
  ['src/main/runtime/x.ts', "import { x } from '../serve';"],
  ['src/main/admin/x.ts', "import { x } from 'electron';"],
  ['src/shared/x.ts', "import { x } from '../main/auth/random';"],
  ['src/renderer/x.ts', "import { x } from '../main/admin/admin-service';"],
  ['src/preload/x.ts', "import { x } from '../main/electron/ipc';"],
  // test powers reach composeInstance from test entry points only
  ['src/main/runtime/services.ts', "import { x } from './test-powers';"],
  ['src/main/electron/x.ts', "import { x } from '../runtime/test-powers';"],
  ['src/main/runtime/services.ts', "import { x } from './test-minting';"],
  ['src/main/web/x.ts', "import { x } from '../runtime/test-minting';"],
  ['packages/verifier/src/x.ts', "import { x } from '../../../src/main/auth/random';"],
];

const allowed: [string, string][] = [
  ['src/main/electron/x.ts', "import { x } from '../runtime/services';"],
  ['src/main/runtime/x.ts', "import { x } from '../web/console-server';"],
  ['src/main/runtime/x.ts', "import { x } from '../demo/sandbox';"],
  ['src/main/admin/handlers/x.ts', "import { x } from '../../demo/catalogue';"],
  ['src/main/demo/x.ts', "import { x } from '../http/auth-server';"],
  ['src/main/http/routes/x.ts', "import { x } from '../../auth/gatehouse';"],
  ['src/main/http/routes/x.ts', "import { x } from '../params';"],
  ['src/main/auth/x.ts', "import { x } from '../store/store';"],
  ['src/main/auth/x.ts', "import { x } from '../lib/constant-time';"],
  // the one port a lower layer implements for a higher one: the Redis adapter is the domain's ClusterFeed
  ['src/main/store/redis/x.ts', "import type { x } from '../../auth/cluster-feed';"],
  ['src/main/store/x.ts', "import { x } from '../../shared/events';"],
  ['src/preload/x.ts', "import { x } from '../shared/admin-api';"],
  ['src/main/runtime/compose.ts', "import { x } from './test-powers';"],
  ['src/main/runtime/compose.ts', "import { x } from './test-minting';"],
  // the test harness package is a test entry point
  ['packages/testing/src/x.ts', "import { x } from '../../../src/main/runtime/test-powers';"],
];

describe('the layering lint rule', () => {
  it.each(refused)('refuses, in %s: %s', async (file, line) => {
    expect(await layeringErrors(file, line)).not.toEqual([]);
  });

  it.each(allowed)('allows, in %s: %s', async (file, line) => {
    expect(await layeringErrors(file, line)).toEqual([]);
  });

  it('names the layer and the way out in its message', async () => {
    const [message] = await layeringErrors('src/main/demo/sandbox.ts', "import { x } from '../runtime/compose';");
    expect(message).toMatch(/src\/main\/demo is below .*runtime.*give it what it needs from above as a parameter/);
  });
});
