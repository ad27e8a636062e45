import type { CheckRun } from '../../../shared/app-checks';

/** How much history the store keeps: any number of targets would let a caller fill the disk with one run each. */
export interface CheckRunsKept {
  runsPerTarget: number;
  /** Targets kept, the most recently run first (by their newest run's startedAt). */
  targets: number;
}

/** App checks' kept runs (issue 20): what the console and `checks.list` show after the run ended. */
export interface CheckRunStore {
  /**
   * Stores the run (a later put of the same id replaces it), then keeps only its target's newest
   * `runsPerTarget`, and every run of only the `targets` most recently run.
   */
  putCheckRun(run: CheckRun, keep: CheckRunsKept): Promise<void>;
  /** Newest first (by startedAt, then id); only `target`'s when given; at most `limit`. */
  listCheckRuns(query: { target?: string; limit: number }): Promise<CheckRun[]>;
  getCheckRun(id: string): Promise<CheckRun | null>;
}
