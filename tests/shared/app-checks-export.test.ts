/** The exported test file of a check run: what it repeats, what it names, and that it is valid TypeScript. */
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  CHECK_CASES,
  CHECK_CASE_SPECS,
  type CheckCase,
  type CheckCaseResult,
  type CheckRun,
} from '../../src/shared/app-checks';
import { checkRunTestFile } from '../../src/shared/app-checks-export';

const result = (c: CheckCase, verdict: CheckCaseResult['verdict']): CheckCaseResult => {
  const pass = verdict === CHECK_CASE_SPECS[c].expected;
  return {
    case: c,
    expected: CHECK_CASE_SPECS[c].expected,
    status: verdict === 'accepted' ? 200 : 401,
    wwwAuthenticate: null,
    verdict,
    pass,
    fix: pass ? null : CHECK_CASE_SPECS[c].fix,
  };
};
const RUN: CheckRun = {
  id: 'run-1',
  target: 'http://127.0.0.1:4100/api/orders?page=1',
  method: 'GET',
  // unix seconds, as the engine's clock gives them
  startedAt: Date.UTC(2026, 11, 8) / 1000,
  finishedAt: Date.UTC(2026, 11, 8) / 1000 + 1,
  state: 'done',
  baseline: result('valid-baseline', 'accepted'),
  results: [result('valid-baseline', 'accepted'), result('expired', 'refused'), result('revoked-session', 'accepted')],
};

describe('checkRunTestFile', () => {
  it("repeats the run's cases on its path, with each case's expectation and fix, and names what was flagged", () => {
    const text = checkRunTestFile(RUN, { request: { audience: 'orders' } });
    expect(text).toContain(`const PATH = "/api/orders?page=1";`);
    expect(text).toContain(`= {"method":"GET","audience":"orders"};`);
    for (const c of ['valid-baseline', 'expired', 'revoked-session'] as const)
      expect(text).toContain(
        `[${JSON.stringify(c)}, ${JSON.stringify(CHECK_CASE_SPECS[c].expected)}, ${JSON.stringify(CHECK_CASE_SPECS[c].fix)}]`,
      );
    expect(text).not.toContain('"wrong-aud"');
    expect(text).toContain('flagged then: revoked-session');
  });

  it('dates the run in its header comment from its unix-seconds start, not as January 1970', () => {
    expect(checkRunTestFile(RUN)).toContain(' * 2026-12-08T00:00:00.000Z): ');
  });

  it('repeats every case when the run stopped at its baseline', () => {
    const stopped: CheckRun = { ...RUN, state: 'stopped', results: [result('valid-baseline', 'refused')] };
    const text = checkRunTestFile(stopped);
    for (const c of CHECK_CASES) expect(text).toContain(`[${JSON.stringify(c)},`);
  });

  it('is TypeScript without syntax errors, even for a target and id that try to end its comment', () => {
    const hostile: CheckRun = { ...RUN, id: 'x */ process.exit(1); /*', target: 'http://127.0.0.1:4100/a*/b\n' };
    const out = ts.transpileModule(checkRunTestFile(hostile), {
      reportDiagnostics: true,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, removeComments: true },
    });
    expect(out.diagnostics).toEqual([]);
    expect(out.outputText).not.toContain('process.exit(1)');
  });
});
