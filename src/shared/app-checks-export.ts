/**
 * A check run as a ready vitest file (issue 20): the app's own suite repeats the run on every CI
 * build. The file starts a Gatehouse with `@gatehouse/testing`, starts the app against it through a
 * module the developer writes (`startApp`), runs `checks.api` on the same path, method, headers
 * and audience, and has one test per case: the baseline accepted, every other case refused. A case
 * the API accepts fails with its fix. Pure, so the console's export button and tests share it.
 */
import { CHECK_CASES, CHECK_CASE_SPECS, type CheckCase, type CheckRun, type CheckRunRequest } from './app-checks';

export interface CheckExportOptions {
  /** Module next to the test file exporting `startApp({ issuer, jwksUrl, redisUrl })` (default `./start-app`). */
  appModule?: string;
  /** The Gatehouse config file of the app's tests, relative to the test file (default `./gatehouse.json`). */
  configFile?: string;
  /** What the run was asked for beyond the URL (`CheckRun` keeps the method and target only). */
  request?: Omit<CheckRunRequest, 'url' | 'method'>;
}

const str = (value: string) => JSON.stringify(value);
/** Text that lands in a `//` or `/* *\/` comment: one line, no comment terminator. */
const commentSafe = (value: string) => value.replace(/[\r\n]+/g, ' ').replace(/\*\//g, '*\\/');

/** The cases to repeat: the run's own (a run stopped at its baseline repeats them all). */
function casesOf(run: CheckRun): CheckCase[] {
  const ran = run.results.map((r) => r.case);
  return ran.length > 1 ? ran : [...CHECK_CASES];
}

export function checkRunTestFile(run: CheckRun, opts: CheckExportOptions = {}): string {
  const target = new URL(run.target);
  const path = `${target.pathname}${target.search}`;
  const cases = casesOf(run);
  const flagged = run.results.filter((r) => !r.pass).map((r) => r.case);
  const request = { method: run.method, ...opts.request };
  const caseRows = cases.map(
    (c) => `  [${str(c)}, ${str(CHECK_CASE_SPECS[c].expected)}, ${str(CHECK_CASE_SPECS[c].fix)}],`,
  );
  return [
    `/**`,
    ` * App checks of ${commentSafe(`${run.method} ${run.target}`)}, exported from Gatehouse (run ${commentSafe(run.id)},`,
    ` * ${new Date(run.startedAt * 1000).toISOString()}): ${flagged.length === 0 ? 'every case as expected' : `flagged then: ${flagged.join(', ')}`}.`,
    ` * Repeats the run against your app: the baseline must be accepted, every other case refused.`,
    ` * Needs ${commentSafe(opts.appModule ?? './start-app')} exporting startApp({ issuer, jwksUrl, redisUrl }) →`,
    ` * { url, close() }: your API, trusting that issuer. With GATEHOUSE_REDIS set, Gatehouse keeps its`,
    ` * data there and your API can read its revocation feed (@gatehouse/verifier/redis).`,
    ` */`,
    `import { fileURLToPath } from 'node:url';`,
    `import { startGatehouse, type TestGatehouse } from '@gatehouse/testing';`,
    `import { afterAll, beforeAll, describe, expect, it } from 'vitest';`,
    `import { startApp } from ${str(opts.appModule ?? './start-app')};`,
    ``,
    `const PATH = ${str(path)};`,
    `const REQUEST: Omit<Parameters<TestGatehouse['admin']['checks']['api']>[0], 'url'> = ${JSON.stringify(request)};`,
    `/** [case, expected, the fix when it is not] */`,
    `const CASES: [string, string, string][] = [`,
    ...caseRows,
    `];`,
    `const REDIS = process.env.GATEHOUSE_REDIS;`,
    ``,
    `type CaseResult = { case: string; verdict: string; status: number | null; note?: string };`,
    `type Answer<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };`,
    `let gh: TestGatehouse | undefined;`,
    `let app: { url: string; close(): Promise<void> } | undefined;`,
    `let results = new Map<string, CaseResult>();`,
    ``,
    `const ok = <T>(result: Answer<T>): T => {`,
    `  if (!result.ok) throw new Error(\`\${result.error.code}: \${result.error.message}\`);`,
    `  return result.value;`,
    `};`,
    ``,
    `beforeAll(async () => {`,
    `  gh = await startGatehouse({`,
    `    config: fileURLToPath(new URL(${str(opts.configFile ?? './gatehouse.json')}, import.meta.url)),`,
    `    ...(REDIS && { store: REDIS as \`redis://\${string}\` }),`,
    `  });`,
    `  app = await startApp({ issuer: gh.issuer, jwksUrl: gh.jwksUrl, redisUrl: REDIS });`,
    `  // checks.api answers when the run is over`,
    `  const run = ok<{ results: CaseResult[] }>(await gh.admin.checks.api({ ...REQUEST, url: new URL(PATH, app.url).href }));`,
    `  results = new Map(run.results.map((r) => [r.case, r]));`,
    `}, 60_000);`,
    ``,
    `afterAll(async () => {`,
    `  await app?.close();`,
    `  await gh?.stop();`,
    `});`,
    ``,
    `describe(${str(`app checks: ${run.method} ${path}`)}, () => {`,
    `  it.for(CASES)('%s is %s', ([name, expected, fix], { skip }) => {`,
    `    const r = results.get(name);`,
    `    // a case Gatehouse could not make here (e.g. revoked-kid with no revoked key) says nothing of the API`,
    `    if (r?.verdict === 'skipped') return skip(r.note);`,
    `    const answered = r ? \`\${r.verdict} (HTTP \${r.status ?? 'none'}\${r.note ? \`, \${r.note}\` : ''})\` : 'not run';`,
    `    expect(r?.verdict, \`\${name}: expected \${expected}, the API's answer: \${answered}. Fix: \${fix}\`).toBe(expected);`,
    `  });`,
    `});`,
    ``,
  ].join('\n');
}
