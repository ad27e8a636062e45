// `npm test`: static checks, build, unit + integration (vitest), end-to-end (Playwright), then the
// one closing line CI reads: "N passed, N failed[, N skipped]" with the real totals of every suite.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';

const results = { passed: 0, failed: 0, skipped: 0 };
const only = process.argv.slice(2); // e.g. `npm test -- unit` runs one stage

function run(label, cmd, args) {
  console.log(`\n▶ ${label}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  return r.status === 0;
}

/** A static check counts as one test: it passes or fails as a whole. */
function check(label, cmd, args) {
  if (only.length && !only.includes(label)) return;
  if (run(label, cmd, args)) results.passed++;
  else {
    results.failed++;
    console.log(`✗ ${label} failed`);
  }
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Every file git would report (modified, deleted, untracked and not ignored), each with a hash of
 * what it holds; null outside a git checkout. A test run must leave this as it found it: what it
 * writes belongs in ignored folders (test-results/, out/), never over a tracked file.
 */
function treeState() {
  const r = spawnSync('git', ['ls-files', '-z', '--modified', '--deleted', '--others', '--exclude-standard'], {
    encoding: 'utf8',
  });
  if (r.status !== 0) return null;
  const state = new Map();
  for (const file of r.stdout.split('\0').filter(Boolean)) {
    let content;
    try {
      const stat = fs.lstatSync(file);
      content = stat.isSymbolicLink()
        ? `link ${fs.readlinkSync(file)}`
        : stat.isFile()
          ? createHash('sha256').update(fs.readFileSync(file)).digest('hex')
          : 'other';
    } catch {
      content = 'deleted';
    }
    state.set(file, content);
  }
  return state;
}

const treeBefore = treeState();
fs.mkdirSync('test-results', { recursive: true });
check('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.node.json']);
check('typecheck-web', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.web.json']);
check('lint', 'npx', ['eslint', '.', '--max-warnings=0']);
check('format', 'npx', ['prettier', '--check', '.']);
check('build', 'npm', ['run', 'build']);

if (!only.length || only.includes('unit')) {
  fs.rmSync('test-results/unit.json', { force: true });
  const ok = run('unit + integration', 'npx', [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    '--outputFile=test-results/unit.json',
  ]);
  const unit = readJson('test-results/unit.json');
  if (unit) {
    results.passed += unit.numPassedTests;
    results.failed += unit.numFailedTests;
    results.skipped += unit.numPendingTests + unit.numTodoTests;
    // a suite that failed to load has no failed test of its own: count it
    if (!ok && unit.numFailedTests === 0) results.failed++;
  } else results.failed++;
}

if (!only.length || only.includes('e2e')) {
  fs.rmSync('test-results/e2e.json', { force: true });
  const ok = run('end-to-end', 'npx', ['playwright', 'test']);
  const e2e = readJson('test-results/e2e.json');
  if (e2e?.stats) {
    results.passed += e2e.stats.expected + e2e.stats.flaky;
    results.failed += e2e.stats.unexpected;
    results.skipped += e2e.stats.skipped;
    if (!ok && e2e.stats.unexpected === 0) results.failed++;
  } else results.failed++;
}

// needs the npm registry and a minute or two: CI runs it, elsewhere it is asked for
if (!only.length || only.includes('prod-install')) {
  if (process.env.CI === 'true' || process.env.GATEHOUSE_TEST_PROD_INSTALL === '1' || only.includes('prod-install'))
    check('prod-install', 'node', ['scripts/check-prod-install.mjs']);
  else {
    console.log(
      '\n▶ prod-install: skipped (runs in CI; GATEHOUSE_TEST_PROD_INSTALL=1 or `npm test -- prod-install` to run it here)',
    );
    results.skipped++;
  }
}

// the run itself is a test: it must not dirty the working tree (the README's screenshots used to)
const treeAfter = treeBefore && treeState();
if (treeBefore && treeAfter) {
  const changed = [...new Set([...treeBefore.keys(), ...treeAfter.keys()])]
    .filter((file) => treeBefore.get(file) !== treeAfter.get(file))
    .sort();
  console.log('\n▶ clean tree: git ls-files --modified --deleted --others --exclude-standard, before and after');
  if (changed.length) {
    results.failed++;
    console.log(
      `✗ clean tree failed: the run changed ${changed.join(', ')} (write test output under test-results/; npm run screenshots refreshes docs/screenshots)`,
    );
  } else results.passed++;
}

console.log(`\n${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped`);
process.exit(results.failed ? 1 : 0);
