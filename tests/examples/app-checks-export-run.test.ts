/**
 * The exported test file, run as a developer runs it: a real run against the decode-only API is
 * exported (`checkRunTestFile`), written next to a `start-app.ts` and a `gatehouse.json`, and run by
 * vitest in a process of its own: against the verifier API it passes, against the decode-only API
 * it fails and names every case that API accepts.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { startGatehouse, type TestGatehouse } from '@gatehouse/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ORDERS_PATH, startDecodeOnlyApi, type SampleApi } from '../../examples/app-checks';
import type { CheckRun } from '../../src/shared/app-checks';
import { checkRunTestFile } from '../../src/shared/app-checks-export';
import { startTestRedis, type TestRedis } from '../redis/redis-server';
import { CONFIG } from '../testing/config';

const AUDIENCE = 'orders';
/** Inside the repository, so the generated file resolves `@gatehouse/testing` as an app's suite would. */
const DIR = path.resolve(`tests/examples/app-checks-export-${process.pid}`);
let redis: TestRedis;
let gh: TestGatehouse;
let decodeOnly: SampleApi;
let run: CheckRun;

beforeAll(async () => {
  redis = await startTestRedis();
  gh = await startGatehouse({ config: CONFIG });
  decodeOnly = await startDecodeOnlyApi();
  const result = await gh.admin.checks.api({ url: `${decodeOnly.url}${ORDERS_PATH}`, audience: AUDIENCE });
  if (!result.ok) throw new Error(result.error.message);
  run = result.value;
  fs.mkdirSync(DIR, { recursive: true });
  fs.writeFileSync(path.join(DIR, 'app-checks.test.ts'), checkRunTestFile(run, { request: { audience: AUDIENCE } }));
  fs.writeFileSync(path.join(DIR, 'gatehouse.json'), JSON.stringify(CONFIG));
  fs.writeFileSync(
    path.join(DIR, 'start-app.ts'),
    [
      `import { startDecodeOnlyApi, startVerifierApi } from '../../../examples/app-checks';`,
      `export const startApp = ({ issuer, redisUrl }: { issuer: string; jwksUrl: string; redisUrl?: string }) =>`,
      `  process.env.APP_KIND === 'decode-only' ? startDecodeOnlyApi() : startVerifierApi({ issuer, audience: '${AUDIENCE}', redisUrl });`,
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(DIR, 'vitest.config.ts'),
    `import { defineConfig } from 'vitest/config';\n` +
      `export default defineConfig({ resolve: { tsconfigPaths: true }, test: { root: __dirname, include: ['app-checks.test.ts'], hookTimeout: 60_000 } });\n`,
  );
}, 60_000);
afterAll(async () => {
  fs.rmSync(DIR, { recursive: true, force: true });
  await decodeOnly?.close();
  await gh?.stop();
  await redis?.close();
});

/** The exported file run by vitest, as `npx vitest run` in the app's repository would. */
function runExported(
  appKind: 'verifier' | 'decode-only',
  db: number,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        'node_modules/vitest/vitest.mjs',
        'run',
        '--config',
        path.join(DIR, 'vitest.config.ts'),
        '--reporter',
        'verbose',
      ],
      { env: { ...process.env, APP_KIND: appKind, GATEHOUSE_REDIS: `${redis.url}/${db}`, NO_COLOR: '1' } },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    // without the reporter's colours, if any
    child.on('close', (code) => resolve({ code, output: output.replace(/\x1b\[[0-9;]*m/g, '') }));
  });
}

it('the run against the decode-only API: every case sent is accepted, so all but the baseline are flagged', () => {
  expect(run.state).toBe('done');
  expect(run.results.filter((r) => r.verdict === 'accepted').map((r) => r.case)).toEqual(
    run.results.filter((r) => r.verdict !== 'skipped').map((r) => r.case),
  );
});

it("the exported file is strict TypeScript against @gatehouse/testing's own types", () => {
  const { config } = ts.readConfigFile('tsconfig.node.json', ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, process.cwd());
  const files = ['app-checks.test.ts', 'start-app.ts'].map((f) => path.join(DIR, f));
  const program = ts.createProgram(files, { ...options, composite: false, incremental: false, noEmit: true });
  const errors = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file && files.includes(path.resolve(d.file.fileName)))
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  expect(errors).toEqual([]);
}, 60_000);

it('the exported file passes against the verifier API', async () => {
  const { code, output } = await runExported('verifier', 1);
  expect(code, output).toBe(0);
}, 120_000);

it('the exported file fails against the decode-only API, naming each case it accepts', async () => {
  const { code, output } = await runExported('decode-only', 2);
  expect(code).toBe(1);
  const flagged = run.results.filter((r) => !r.pass && r.verdict === 'accepted').map((r) => r.case);
  expect(flagged.length).toBeGreaterThan(10);
  for (const c of flagged) expect(output).toMatch(new RegExp(`× .* > ${c} is refused`));
}, 120_000);
