// `npm test`: static checks, build, unit + integration (vitest), end-to-end (Playwright), then the
// one closing line CI reads: "N passed, N failed[, N skipped]" with the real totals of every suite.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';

const results = { passed: 0, failed: 0, skipped: 0 };
const only = process.argv.slice(2); // e.g. `npm test -- unit` runs one stage
const ci = process.env.CI === 'true';

/**
 * Every stage has a time limit, so a run that wedges (a test runner that never exits, a server that
 * ignores SIGTERM) ends as a failure that says where, instead of running until CI's own limit kills
 * it and nothing is reported. Generous: a normal run takes a fraction of each.
 */
const LIMIT_MINUTES = { 'unit + integration': 20, 'end-to-end': 25, build: 10, 'prod-install': 15 };
const DEFAULT_LIMIT_MINUTES = 10;
/**
 * Once a stage has written its results it has this long to exit; one that lingers is stopped and
 * fails, saying what was still running (its results still count). vitest closes within its own
 * teardownTimeout (vitest.config.ts) or fails itself (tests/support/teardown-reporter.ts).
 */
const EXIT_GRACE_MS = 60_000;

let running = null; // the stage's process group, so Ctrl-C and SIGTERM reach all of it
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    if (running) killGroup(running, 'SIGKILL');
    process.exit(130);
  });

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** What is still running in a stage's process group, for the message of a stage that overran. */
function groupListing(child) {
  const ps = spawnSync('ps', ['-o', 'pid=,etime=,args=', '-g', String(child.pid)], { encoding: 'utf8' });
  return (ps.stdout ?? '')
    .split('\n')
    .filter(Boolean)
    .map((line) => `    ${line.trim().slice(0, 160)}`)
    .join('\n');
}

/**
 * Runs one stage in a process group of its own and resolves to true when it exits 0, by itself,
 * within its limits. `finished` (optional) tells when the stage has written its results, after which
 * it must exit within EXIT_GRACE_MS.
 */
async function run(label, cmd, args, { finished } = {}) {
  console.log(`\n▶ ${label}: ${cmd} ${args.join(' ')}`);
  const limitMs = (LIMIT_MINUTES[label] ?? DEFAULT_LIMIT_MINUTES) * 60_000;
  const child = spawn(cmd, args, { stdio: 'inherit', env: process.env, detached: true });
  running = child;
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const started = Date.now();
  let finishedAt = null;
  let verdict = null;
  const watch = setInterval(() => {
    if (finishedAt === null && finished?.()) finishedAt = Date.now();
    if (finishedAt !== null && Date.now() - finishedAt > EXIT_GRACE_MS) {
      console.log(
        `✗ ${label}: its results were written ${EXIT_GRACE_MS / 1000} s ago and it has not exited; stopped it, a failure. Still running:\n${groupListing(child)}`,
      );
      verdict = 'lingered';
    } else if (Date.now() - started > limitMs) {
      console.log(
        `✗ ${label} did not finish within ${limitMs / 60_000} min; stopped it. Still running:\n${groupListing(child)}`,
      );
      verdict = 'overran';
    } else return;
    clearInterval(watch);
    killGroup(child, 'SIGTERM');
    setTimeout(() => killGroup(child, 'SIGKILL'), 5000).unref();
  }, 1000);
  const { code } = await exited;
  clearInterval(watch);
  // what the stage left behind in its group (a server, a browser) goes with it
  killGroup(child, 'SIGKILL');
  running = null;
  return verdict === null && code === 0;
}

/** A static check counts as one test: it passes or fails as a whole. */
async function check(label, cmd, args) {
  if (only.length && !only.includes(label)) return;
  if (await run(label, cmd, args)) results.passed++;
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
await check('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.node.json']);
await check('typecheck-web', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.web.json']);
await check('lint', 'npx', ['eslint', '.', '--max-warnings=0']);
await check('format', 'npx', ['prettier', '--check', '.']);
await check('build', 'npm', ['run', 'build']);

if (!only.length || only.includes('unit')) {
  const report = 'test-results/unit.json';
  fs.rmSync(report, { force: true });
  const ok = await run(
    'unit + integration',
    'npx',
    [
      'vitest',
      'run',
      // CI reads only the closing line: a dot per test there keeps its log short; failures print in full
      ci ? '--reporter=dot' : '--reporter=default',
      '--reporter=json',
      `--outputFile=${report}`,
      // a run that cannot close fails, and what held it open is listed
      '--reporter=hanging-process',
      '--reporter=./tests/support/teardown-reporter.ts',
    ],
    { finished: () => fs.existsSync(report) },
  );
  const unit = readJson(report);
  if (unit) {
    results.passed += unit.numPassedTests;
    results.failed += unit.numFailedTests;
    results.skipped += unit.numPendingTests + unit.numTodoTests;
    // a suite that failed to load, or a run that did not close, has no failed test of its own: count it
    if (!ok && unit.numFailedTests === 0) results.failed++;
  } else results.failed++;
}

if (!only.length || only.includes('e2e')) {
  fs.rmSync('test-results/e2e.json', { force: true });
  const ok = await run('end-to-end', 'npx', ['playwright', 'test']);
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
  if (ci || process.env.GATEHOUSE_TEST_PROD_INSTALL === '1' || only.includes('prod-install'))
    await check('prod-install', 'node', ['scripts/check-prod-install.mjs']);
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
