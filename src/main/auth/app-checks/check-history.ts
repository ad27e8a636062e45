/**
 * The last app-checks runs per target, kept in memory (bounded: runs per target and targets): a
 * restart forgets them. A store role (SQLite migration 16, a Redis layout) is the next step.
 */
import { CHECK_RUNS_KEPT_PER_TARGET, type CheckRun } from '../../../shared/app-checks';

const TARGETS_KEPT = 50;

export class CheckHistory {
  /** Insertion-ordered: the target used least recently is dropped first. */
  private readonly byTarget = new Map<string, CheckRun[]>();

  add(run: CheckRun): void {
    const runs = this.byTarget.get(run.target) ?? [];
    this.byTarget.delete(run.target);
    this.byTarget.set(run.target, [run, ...runs].slice(0, CHECK_RUNS_KEPT_PER_TARGET));
    if (this.byTarget.size > TARGETS_KEPT) this.byTarget.delete(this.byTarget.keys().next().value!);
  }

  /** Newest first; only `target`'s when given. */
  list(target?: string): CheckRun[] {
    const runs = target === undefined ? [...this.byTarget.values()].flat() : (this.byTarget.get(target) ?? []);
    return runs.sort((a, b) => b.startedAt - a.startedAt).map((r) => structuredClone(r));
  }

  get(id: string): CheckRun | null {
    for (const runs of this.byTarget.values()) {
      const run = runs.find((r) => r.id === id);
      if (run) return structuredClone(run);
    }
    return null;
  }
}
