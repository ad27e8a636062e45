/**
 * The app-checks runs kept: finished runs in the store (the last ten per target, `CheckRunStore`:
 * and of the 50 targets most recently run: SQLite migration 16, or the Redis layout), a run still going in memory, so the console can read
 * it before it ends. A run the store could not keep is still answered to its caller, and logged.
 */
import { CHECK_RUNS_KEPT_PER_TARGET, CHECK_TARGETS_KEPT, type CheckRun } from '../../../shared/app-checks';
import type { CheckRunStore } from '../../store/store';
import { StoreUnavailableError } from '../../store/store';

/** At most this many runs in a list of every target. */
const LIST_LIMIT = 100;

export class CheckHistory {
  private readonly live = new Map<string, CheckRun>();

  constructor(private readonly store: CheckRunStore) {}

  started(run: CheckRun): void {
    this.live.set(run.id, run);
  }

  async ended(run: CheckRun): Promise<void> {
    try {
      await this.store.putCheckRun(structuredClone(run), {
        runsPerTarget: CHECK_RUNS_KEPT_PER_TARGET,
        targets: CHECK_TARGETS_KEPT,
      });
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) throw err;
      console.error(`app-checks run ${run.id} not kept: ${err.describe()}`);
    } finally {
      this.live.delete(run.id);
    }
  }

  /** Newest first; only `target`'s when given. */
  async list(target?: string): Promise<CheckRun[]> {
    const stored = await this.store.listCheckRuns({
      target,
      limit: target === undefined ? LIST_LIMIT : CHECK_RUNS_KEPT_PER_TARGET,
    });
    const going = [...this.live.values()].filter((r) => target === undefined || r.target === target);
    return [...going.map((r) => structuredClone(r)), ...stored];
  }

  async get(id: string): Promise<CheckRun | null> {
    const going = this.live.get(id);
    return going ? structuredClone(going) : this.store.getCheckRun(id);
  }
}
