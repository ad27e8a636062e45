import { describe, expect, it } from 'vitest';
import type { CheckRun } from '../../src/shared/app-checks';
import { useStore, type OpenStore } from './contract-fixtures';

const keep = (runsPerTarget: number, targets = 50) => ({ runsPerTarget, targets });

const run = (id: string, target: string, startedAt: number, state: CheckRun['state'] = 'done'): CheckRun => ({
  id,
  target,
  method: 'GET',
  startedAt,
  finishedAt: state === 'running' ? null : startedAt + 1,
  state,
  baseline: null,
  results: [],
});

/** App checks' kept runs: CheckRunStore (store/ports/check-runs.ts). */
export function describeCheckRuns(open: OpenStore): void {
  describe('app-checks runs', () => {
    const store = useStore(open);
    const A = 'http://127.0.0.1:4000/api/orders';
    const B = 'https://app.example/api/me';

    it('keeps a run by id, replaced by a later put of the same id', async () => {
      expect(await store().getCheckRun('r1')).toBeNull();
      await store().putCheckRun(run('r1', A, 100, 'running'), keep(10));
      await store().putCheckRun(run('r1', A, 100, 'done'), keep(10));
      expect(await store().getCheckRun('r1')).toEqual(run('r1', A, 100, 'done'));
      expect(await store().listCheckRuns({ limit: 10 })).toEqual([run('r1', A, 100, 'done')]);
    });

    it("lists newest first (ties by id), per target or all, and keeps only a target's newest `keep`", async () => {
      for (const [id, t, at] of [
        ['a1', A, 100],
        ['b1', B, 150],
        ['a2', A, 200],
        ['a4', A, 300],
        ['a3', A, 300],
      ] as const)
        await store().putCheckRun(run(id, t, at), keep(3));
      expect((await store().listCheckRuns({ target: A, limit: 10 })).map((r) => r.id)).toEqual(['a4', 'a3', 'a2']);
      expect(await store().getCheckRun('a1')).toBeNull();
      expect((await store().listCheckRuns({ limit: 10 })).map((r) => r.id)).toEqual(['a4', 'a3', 'a2', 'b1']);
      expect((await store().listCheckRuns({ limit: 2 })).map((r) => r.id)).toEqual(['a4', 'a3']);
      expect((await store().listCheckRuns({ target: B, limit: 10 })).map((r) => r.id)).toEqual(['b1']);
      expect(await store().listCheckRuns({ target: 'http://127.0.0.1:1/none', limit: 10 })).toEqual([]);
    });

    it('keeps only the `targets` most recently run: a new target evicts every run of the one run longest ago', async () => {
      const T = (n: number) => `http://127.0.0.1:${4000 + n}/api`;
      await store().putCheckRun(run('t1-old', T(1), 100), keep(10, 3));
      await store().putCheckRun(run('t2', T(2), 200), keep(10, 3));
      await store().putCheckRun(run('t3', T(3), 300), keep(10, 3));
      // run again, T1 is no longer the target run longest ago: T2 is
      await store().putCheckRun(run('t1-new', T(1), 400), keep(10, 3));
      await store().putCheckRun(run('t4', T(4), 500), keep(10, 3));
      expect(await store().listCheckRuns({ target: T(2), limit: 10 })).toEqual([]);
      expect(await store().getCheckRun('t2')).toBeNull();
      expect((await store().listCheckRuns({ limit: 10 })).map((r) => r.id)).toEqual(['t4', 't1-new', 't3', 't1-old']);
      // a re-put of a kept target's run evicts nothing
      await store().putCheckRun(run('t3', T(3), 300), keep(10, 3));
      expect((await store().listCheckRuns({ limit: 10 })).map((r) => r.id)).toEqual(['t4', 't1-new', 't3', 't1-old']);
      await store().putCheckRun(run('t5', T(5), 600), keep(10, 3));
      expect((await store().listCheckRuns({ limit: 10 })).map((r) => r.id)).toEqual(['t5', 't4', 't1-new', 't1-old']);
      expect(await store().listCheckRuns({ target: T(3), limit: 10 })).toEqual([]);
    });
  });
}
