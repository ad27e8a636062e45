import type { CheckRun } from '../../../shared/app-checks';

/** App checks' kept runs (issue 20): what the console and `checks.list` show after the run ended. */
export interface CheckRunStore {
  /** Stores the run (a later put of the same id replaces it), then keeps only its target's newest `keep`. */
  putCheckRun(run: CheckRun, keep: number): Promise<void>;
  /** Newest first (by startedAt, then id); only `target`'s when given; at most `limit`. */
  listCheckRuns(query: { target?: string; limit: number }): Promise<CheckRun[]>;
  getCheckRun(id: string): Promise<CheckRun | null>;
}
