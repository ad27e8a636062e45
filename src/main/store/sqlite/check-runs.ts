import type Database from 'better-sqlite3';
import type { CheckRun } from '../../../shared/app-checks';
import type { CheckRunsKept } from '../ports/check-runs';

/** App checks' kept runs (migration 16): the run as JSON, indexed by target and start. */
export function buildCheckRuns(db: Database.Database) {
  const put = db.prepare<[string, string, number, string]>(
    'INSERT OR REPLACE INTO check_runs (id, target, started_at, body) VALUES (?, ?, ?, ?)',
  );
  const trim = db.prepare<[string, string, number]>(
    `DELETE FROM check_runs WHERE target = ? AND id NOT IN
       (SELECT id FROM check_runs WHERE target = ? ORDER BY started_at DESC, id DESC LIMIT ?)`,
  );
  // of targets last run in the same second, which goes is unspecified (Redis orders them by digest)
  const evictTargets = db.prepare<[number]>(
    `DELETE FROM check_runs WHERE target NOT IN
       (SELECT target FROM check_runs GROUP BY target ORDER BY MAX(started_at) DESC, target DESC LIMIT ?)`,
  );
  const ofTarget = db.prepare<[string, number], { body: string }>(
    'SELECT body FROM check_runs WHERE target = ? ORDER BY started_at DESC, id DESC LIMIT ?',
  );
  const all = db.prepare<[number], { body: string }>(
    'SELECT body FROM check_runs ORDER BY started_at DESC, id DESC LIMIT ?',
  );
  const byId = db.prepare<[string], { body: string }>('SELECT body FROM check_runs WHERE id = ?');
  const parse = (row: { body: string }) => JSON.parse(row.body) as CheckRun;
  const putAndTrim = db.transaction((run: CheckRun, keep: CheckRunsKept) => {
    put.run(run.id, run.target, run.startedAt, JSON.stringify(run));
    trim.run(run.target, run.target, keep.runsPerTarget);
    evictTargets.run(keep.targets);
  });
  return {
    put: (run: CheckRun, keep: CheckRunsKept) => putAndTrim.immediate(run, keep),
    list: ({ target, limit }: { target?: string; limit: number }) =>
      (target === undefined ? all.all(limit) : ofTarget.all(target, limit)).map(parse),
    get: (id: string) => {
      const row = byId.get(id);
      return row ? parse(row) : null;
    },
  };
}
export type CheckRuns = ReturnType<typeof buildCheckRuns>;
