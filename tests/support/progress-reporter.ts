/**
 * A vitest reporter for `npm test` (scripts/test.mjs): after every test file it rewrites
 * test-results/unit-progress.json with the files expected and ended so far and the tests' outcomes.
 * vitest's own JSON report is written only once the whole run has closed; if vitest then never
 * exits (a worker-pool teardown that wedges, seen once on CI), this file still says that every test
 * file ran and how each test ended, so the run can be counted instead of lost.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Reporter, TestModule, TestSpecification } from 'vitest/node';

export interface UnitProgress {
  modules: number;
  ended: number;
  passed: number;
  failed: number;
  skipped: number;
  /** Test files that failed as a whole (did not load, or a hook failed). */
  failedModules: string[];
}

export const PROGRESS_FILE = path.resolve(import.meta.dirname, '..', '..', 'test-results', 'unit-progress.json');

export default class ProgressReporter implements Reporter {
  private progress: UnitProgress = { modules: 0, ended: 0, passed: 0, failed: 0, skipped: 0, failedModules: [] };

  onTestRunStart(specifications: ReadonlyArray<TestSpecification>): void {
    this.progress = {
      modules: new Set(specifications.map((s) => s.moduleId)).size,
      ended: 0,
      passed: 0,
      failed: 0,
      skipped: 0,
      failedModules: [],
    };
    this.write();
  }

  onTestModuleEnd(testModule: TestModule): void {
    const p = this.progress;
    p.ended++;
    let failedTests = 0;
    for (const test of testModule.children.allTests()) {
      const { state } = test.result();
      if (state === 'passed') p.passed++;
      else if (state === 'failed') {
        p.failed++;
        failedTests++;
      } else p.skipped++;
    }
    if (testModule.state() === 'failed' && failedTests === 0) p.failedModules.push(testModule.moduleId);
    this.write();
  }

  private write(): void {
    fs.mkdirSync(path.dirname(PROGRESS_FILE), { recursive: true });
    // renamed into place, so a reader never sees half a file
    fs.writeFileSync(`${PROGRESS_FILE}.tmp`, JSON.stringify(this.progress));
    fs.renameSync(`${PROGRESS_FILE}.tmp`, PROGRESS_FILE);
  }
}
