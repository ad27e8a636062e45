import {
  CHECK_CASES,
  CHECK_CASE_SPECS,
  type CheckCase,
  type CheckCaseResult,
  type CheckExpectation,
  type CheckRun,
} from '../../shared/app-checks';

/** What a row's badge says: a refused bad token passes, an accepted one is FLAGGED. */
export type CheckOutcome = 'pass' | 'flagged' | 'error' | 'skipped' | 'waiting';

export interface CheckRow {
  case: CheckCase;
  label: string;
  expected: CheckExpectation;
  status: number | null;
  wwwAuthenticate: string | null;
  outcome: CheckOutcome;
  /** The fix when the case did not pass (the run's text, else the contract's). */
  fix: string | null;
  note: string | null;
}

/** A result's badge: a failed baseline (valid token refused) is flagged too, since the API is wrong. */
export function outcomeOf(result: CheckCaseResult): CheckOutcome {
  if (result.verdict === 'error') return 'error';
  if (result.verdict === 'skipped') return 'skipped';
  return result.pass ? 'pass' : 'flagged';
}

/** One row per case in CHECK_CASES order; a case not answered yet is `waiting`. */
export function checkRows(run: CheckRun): CheckRow[] {
  const byCase = new Map(run.results.map((r) => [r.case, r]));
  return CHECK_CASES.map((c) => {
    const spec = CHECK_CASE_SPECS[c];
    const r = byCase.get(c);
    const outcome = r ? outcomeOf(r) : 'waiting';
    return {
      case: c,
      label: spec.label,
      expected: spec.expected,
      status: r?.status ?? null,
      wwwAuthenticate: r?.wwwAuthenticate ?? null,
      outcome,
      fix: outcome === 'flagged' || outcome === 'error' ? (r?.fix ?? spec.fix) : null,
      note: r?.note ?? null,
    };
  });
}

export interface CheckSummary {
  /** Cases answered so far (skipped included), of CHECK_CASES.length. */
  done: number;
  total: number;
  refused: number;
  /** Bad tokens the API accepted (and a refused baseline). */
  flagged: number;
  errors: number;
  skipped: number;
  /** "15 refused, 2 accepted (flagged), 1 error" */
  text: string;
  verdict: 'running' | 'pass' | 'fail' | 'stopped';
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function checkSummary(run: CheckRun): CheckSummary {
  const outcomes = run.results.map(outcomeOf);
  const refused = run.results.filter((r) => r.verdict === 'refused').length;
  const flagged = outcomes.filter((o) => o === 'flagged').length;
  const errors = outcomes.filter((o) => o === 'error').length;
  const skipped = outcomes.filter((o) => o === 'skipped').length;
  const parts = [`${refused} refused`];
  if (flagged) parts.push(`${flagged} accepted (flagged)`);
  if (errors) parts.push(count(errors, 'error'));
  if (skipped) parts.push(`${skipped} skipped`);
  const verdict =
    run.state === 'running' ? 'running' : run.state === 'stopped' ? 'stopped' : flagged || errors ? 'fail' : 'pass';
  return {
    done: run.results.length,
    total: CHECK_CASES.length,
    refused,
    flagged,
    errors,
    skipped,
    text: parts.join(', '),
    verdict,
  };
}

/** A pushed `checks.case` folded into the run shown; a result already there is not added twice. */
export function withCaseResult(run: CheckRun, result: CheckCaseResult): CheckRun {
  if (run.results.some((r) => r.case === result.case)) return run;
  return {
    ...run,
    results: [...run.results, result],
    baseline: result.case === 'valid-baseline' ? result : run.baseline,
  };
}

/** The history: the current target's runs first, then the others; newest first within each. */
export function orderRuns(runs: CheckRun[], target: string | null): CheckRun[] {
  const current = (r: CheckRun) => (target !== null && r.target === target ? 0 : 1);
  return [...runs].sort((a, b) => current(a) - current(b) || b.startedAt - a.startedAt);
}

/** A fix text split into plain text and `code` spans (odd indexes are code). */
export const fixParts = (fix: string): string[] => fix.split('`');

/** A download name from a run: `app-checks-127.0.0.1-4100-<id>`. */
export function runFileStem(run: CheckRun): string {
  let host = 'target';
  try {
    host = new URL(run.target).host;
  } catch {
    // a kept run's target is a normalised URL; keep the fallback name if not
  }
  return `app-checks-${host.replace(/[^a-z0-9.-]+/gi, '-')}-${run.id}`;
}
