import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CHECK_CASES,
  CHECK_CASE_SPECS,
  type CheckCase,
  type CheckCaseResult,
  type CheckRun,
} from '../../src/shared/app-checks';
import { checkRequestOf, EMPTY_CHECK_FORM } from '../../src/renderer/lib/check-form';
import {
  checkRows,
  checkSummary,
  fixParts,
  orderRuns,
  runFileStem,
  withCaseResult,
} from '../../src/renderer/lib/check-rows';
import { queryKeys } from '../../src/renderer/server-state/query-keys';
import { createEventRouter, type EventSinks } from '../../src/renderer/store/apply-events';

const result = (c: CheckCase, over: Partial<CheckCaseResult> = {}): CheckCaseResult => {
  const expected = CHECK_CASE_SPECS[c].expected;
  return {
    case: c,
    expected,
    status: expected === 'accepted' ? 200 : 401,
    wwwAuthenticate: expected === 'accepted' ? null : 'Bearer error="invalid_token"',
    verdict: expected,
    pass: true,
    fix: null,
    ...over,
  };
};
const flagged = (c: CheckCase) =>
  result(c, { status: 200, wwwAuthenticate: null, verdict: 'accepted', pass: false, fix: CHECK_CASE_SPECS[c].fix });
const run = (over: Partial<CheckRun> = {}): CheckRun => ({
  id: 'run1',
  target: 'http://127.0.0.1:4100/api/orders',
  method: 'GET',
  startedAt: 1_000,
  finishedAt: null,
  state: 'running',
  baseline: null,
  results: [],
  ...over,
});
/** A finished run: the baseline accepted, 14 refused, revoked-session and disabled-user accepted, oversized errored. */
const finished = () =>
  run({
    state: 'done',
    finishedAt: 2_500,
    results: CHECK_CASES.map((c) =>
      c === 'revoked-session' || c === 'disabled-user'
        ? flagged(c)
        : c === 'oversized'
          ? result(c, { status: null, verdict: 'error', pass: false, fix: CHECK_CASE_SPECS[c].fix, note: 'timeout' })
          : result(c),
    ),
  });

describe('checkRows', () => {
  it('has one row per case in CHECK_CASES order, unanswered cases waiting', () => {
    const rows = checkRows(run({ results: [result('valid-baseline'), result('expired')] }));
    expect(rows.map((r) => r.case)).toEqual([...CHECK_CASES]);
    expect(rows.map((r) => r.outcome).slice(0, 3)).toEqual(['pass', 'pass', 'waiting']);
    expect(rows[2]!.label).toBe(CHECK_CASE_SPECS['not-yet-valid'].label);
  });

  it('marks an accepted bad token FLAGGED with its fix, a refused one pass without a fix', () => {
    const rows = checkRows(finished());
    const revoked = rows.find((r) => r.case === 'revoked-session')!;
    expect(revoked).toMatchObject({ outcome: 'flagged', status: 200, fix: CHECK_CASE_SPECS['revoked-session'].fix });
    expect(rows.find((r) => r.case === 'expired')).toMatchObject({
      outcome: 'pass',
      fix: null,
      wwwAuthenticate: 'Bearer error="invalid_token"',
    });
    expect(rows.find((r) => r.case === 'oversized')).toMatchObject({ outcome: 'error', note: 'timeout' });
  });
});

describe('checkSummary', () => {
  it('counts refused, flagged and errors into one line and fails the run', () => {
    expect(checkSummary(finished())).toMatchObject({
      done: 18,
      total: 18,
      refused: 14,
      flagged: 2,
      errors: 1,
      text: '14 refused, 2 accepted (flagged), 1 error',
      verdict: 'fail',
    });
  });

  it('passes a done run where every case is as expected, and says running or stopped otherwise', () => {
    expect(checkSummary(run({ state: 'done', results: CHECK_CASES.map((c) => result(c)) })).verdict).toBe('pass');
    expect(checkSummary(run({ results: [result('valid-baseline')] }))).toMatchObject({ done: 1, verdict: 'running' });
    const skipped = CHECK_CASES.slice(1).map((c) => result(c, { status: null, verdict: 'skipped', pass: true }));
    const stopped = run({ state: 'stopped', results: [flagged('valid-baseline'), ...skipped] });
    expect(checkSummary(stopped)).toMatchObject({ verdict: 'stopped', skipped: 17 });
  });
});

describe('run helpers', () => {
  it('folds a pushed case into the run once, the baseline also as `baseline`', () => {
    const once = withCaseResult(run(), result('valid-baseline'));
    expect(once.baseline?.case).toBe('valid-baseline');
    expect(withCaseResult(once, result('valid-baseline')).results).toHaveLength(1);
  });

  it("orders the history with the current target's runs first, newest first within each", () => {
    const a = run({ id: 'a', target: 'http://127.0.0.1:1/x', startedAt: 3 });
    const b = run({ id: 'b', startedAt: 1 });
    const c = run({ id: 'c', startedAt: 2 });
    expect(orderRuns([a, b, c], 'http://127.0.0.1:4100/api/orders').map((r) => r.id)).toEqual(['c', 'b', 'a']);
    expect(orderRuns([a, b, c], null).map((r) => r.id)).toEqual(['a', 'c', 'b']);
  });

  it('splits a fix into text and code spans, and names a download after host and run', () => {
    expect(fixParts('pass `revocations` to `createVerifier`.')).toEqual([
      'pass ',
      'revocations',
      ' to ',
      'createVerifier',
      '.',
    ]);
    expect(runFileStem(run())).toBe('app-checks-127.0.0.1-4100-run1');
  });
});

describe('checkRequestOf', () => {
  const form = { ...EMPTY_CHECK_FORM, url: ' http://127.0.0.1:4100/api/orders ' };

  it('builds the request from the filled fields only', () => {
    expect(checkRequestOf(form)).toEqual({ request: { url: 'http://127.0.0.1:4100/api/orders', method: 'GET' } });
    expect(
      checkRequestOf({
        ...form,
        method: 'POST',
        headers: [
          { name: 'X-Tenant', value: 'acme' },
          { name: ' ', value: '' },
        ],
        audience: 'orders',
        refused: '401, 403',
      }),
    ).toEqual({
      request: {
        url: 'http://127.0.0.1:4100/api/orders',
        method: 'POST',
        headers: { 'X-Tenant': 'acme' },
        audience: 'orders',
        expect: { refused: [401, 403] },
      },
    });
  });

  it('refuses an Authorization header, a missing or non-http URL and statuses that are not 4xx/5xx', () => {
    const authz = checkRequestOf({ ...form, headers: [{ name: 'authorization', value: 'Bearer x' }] });
    expect(authz).toEqual({ errors: { headers: expect.stringContaining('Leave Authorization out') } });
    expect(checkRequestOf(EMPTY_CHECK_FORM)).toHaveProperty('errors.url');
    expect(checkRequestOf({ ...form, url: 'ftp://127.0.0.1/' })).toHaveProperty('errors.url');
    expect(checkRequestOf({ ...form, refused: '200' })).toHaveProperty('errors.refused');
  });
});

describe('checks.* events in the cache', () => {
  const sinks: EventSinks = {
    noteServerTime: vi.fn(),
    applyDemoEvents: vi.fn(),
    sandboxChanged: vi.fn(),
    settingsChanged: vi.fn(() => true),
    auditArrived: vi.fn(),
  };
  let client: QueryClient;
  beforeEach(() => {
    client = new QueryClient();
  });
  afterEach(() => client.clear());

  it('shows a run as it starts, adds each case as it comes, and reloads the history at its end', () => {
    const route = createEventRouter('live', client, sinks);
    client.setQueryData(queryKeys.checkRuns('live'), []);
    route([{ type: 'checks.started', at: 1, run: run() }]);
    expect(client.getQueryData(queryKeys.checkLatest('live'))).toBe('run1');
    route([{ type: 'checks.case', at: 2, runId: 'run1', result: result('valid-baseline') }]);
    route([{ type: 'checks.case', at: 3, runId: 'run1', result: flagged('revoked-session') }]);
    const live = client.getQueryData<CheckRun>(queryKeys.checkRun('live', 'run1'));
    expect(live?.results.map((r) => r.case)).toEqual(['valid-baseline', 'revoked-session']);
    expect(client.getQueryState(queryKeys.checkRuns('live'))?.isInvalidated).toBe(false);
    route([{ type: 'checks.finished', at: 4, run: finished() }]);
    expect(client.getQueryData<CheckRun>(queryKeys.checkRun('live', 'run1'))?.state).toBe('done');
    expect(client.getQueryState(queryKeys.checkRuns('live'))?.isInvalidated).toBe(true);
    expect(client.getQueryData(queryKeys.checkLatest('sandbox'))).toBeUndefined();
  });
});
