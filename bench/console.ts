/**
 * `tsx bench/console.ts` — the web console's Sessions screen at 100,000 sessions, in headless
 * Chromium (issue 4, "Benchmark"). A measurement, not a test: nothing here fails on a number.
 *
 *   tsx bench/console.ts                              seed 100,000 sessions into a temp folder, 5 runs
 *   tsx bench/console.ts --sessions 20000 --runs 3
 *   tsx bench/console.ts --data-dir DIR               reuse a folder seeded by `npm run seed` (copied, never changed)
 *   tsx bench/console.ts --user james.smith --ip 198.51.100. --device "Safari on macOS"   other search texts
 *
 * (a) first render: navigation start → the first session row is in the viewport (and the frame after);
 * (b) filter: the keystroke that completes a filter → the table shows that filter's total and first row,
 *     for plain words and for searches by field (user:, ip:, device:"…", sid:, two fields together);
 * (c) scrolling: a jump to the middle row → every row in view carries data; plus a frame-by-frame fling.
 * Every figure is taken in the page with performance.now() (bench/console/probe.js); the server's own
 * `sessions.list` latency for the same queries is measured directly over the admin HTTP API.
 * Results are printed and written to bench/results/console.json. See bench/README.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../playwright.config';
import { seedDataFolder } from '../src/main/runtime/seed-sessions';
import { startServe, type ServeProcess } from '../tests/support/serve-process';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const rootDir = path.resolve(benchDir, '..');
/** The search box's debounce, read from the component so the report cannot drift from it. */
const DEBOUNCE_MS = Number(
  /TEXT_DELAY_MS = (\d+)/.exec(
    fs.readFileSync(path.join(rootDir, 'src/renderer/screens/sessions/sessions-filters.tsx'), 'utf8'),
  )?.[1] ?? NaN,
);
const PROBE = path.join(benchDir, 'console', 'probe.js');
const RENDERER_INDEX = path.join(rootDir, 'out', 'renderer', 'index.html');

const TARGET_FIRST_RENDER_MS = 1000;
const TARGET_FILTER_MS = 100;
/** Every wait inside the page gives up after this (a run that hits it is reported as timed out). */
const PAGE_TIMEOUT_MS = 20_000;
const VIEWPORT = { width: 1400, height: 900 }; // as playwright.config.ts
/** Typing "at human speed": key held this long, so each key lands well after the UI's debounce. */
const HUMAN_KEY_MS = 150;

// ---------------------------------------------------------------- options

const { values: argv } = parseArgs({
  options: {
    sessions: { type: 'string' },
    'data-dir': { type: 'string' },
    runs: { type: 'string' },
    user: { type: 'string' },
    ip: { type: 'string' },
    device: { type: 'string' },
  },
  strict: true,
});

function whole(value: string | undefined, fallback: number, name: string, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`--${name} must be a whole number from ${min} to ${max}, not ${JSON.stringify(value)}`);
    process.exit(2);
  }
  return n;
}

const config = {
  sessions: whole(argv.sessions, 100_000, 'sessions', 1_000, 10_000_000),
  runs: whole(argv.runs, 5, 'runs', 1, 50),
  dataDir: argv['data-dir'] ? path.resolve(argv['data-dir']) : null,
};

if (!fs.existsSync(RENDERER_INDEX)) {
  console.error(
    `${path.relative(rootDir, RENDERER_INDEX)} is missing: build the console first with \`npm run build\`, then run this again.`,
  );
  process.exit(2);
}
if (config.dataDir && !fs.existsSync(path.join(config.dataDir, 'gatehouse.db'))) {
  console.error(
    `--data-dir ${config.dataDir} holds no gatehouse.db; seed it first: npm run seed -- --data-dir ${config.dataDir} --sessions ${config.sessions}`,
  );
  process.exit(2);
}
if (!fs.existsSync(CHROMIUM)) {
  console.error(`no Chromium at ${CHROMIUM} (set CHROMIUM_PATH, or install Debian's chromium as .ci/run does)`);
  process.exit(2);
}

// ---------------------------------------------------------------- small helpers

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
/** Nearest rank: with 5 samples the p90 is the slowest one. */
const pct = (xs: number[], p: number): number => {
  const s = sorted(xs);
  return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]! : NaN;
};
const median = (xs: number[]): number => {
  const s = sorted(xs);
  if (!s.length) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const ms = (n: number | null | undefined, digits = 0) =>
  n === null || n === undefined || !Number.isFinite(n) ? '—' : `${n.toFixed(digits)} ms`;
const fmt = (n: number) => n.toLocaleString('en-US');

interface Summary {
  n: number;
  median: number;
  p90: number;
  min: number;
  max: number;
}
const summarize = (xs: number[]): Summary => ({
  n: xs.length,
  median: median(xs),
  p90: pct(xs, 90),
  min: Math.min(...xs),
  max: Math.max(...xs),
});

type Status = 'PASS' | 'MISS' | 'INVALID' | 'INFO';
const statusOf = (s: Summary, target: number | null, invalid: boolean): Status =>
  invalid || !s.n ? 'INVALID' : target === null ? 'INFO' : s.median <= target ? 'PASS' : 'MISS';

// ---------------------------------------------------------------- lifecycle (everything stops by itself)

const tempDirs: string[] = [];
let server: ServeProcess | null = null;
let browser: Browser | null = null;
let cleaning: Promise<void> | null = null;

function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await browser?.close().catch(() => undefined);
    browser = null;
    await server?.stop().catch(() => undefined);
    server = null;
    for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    console.error(`\n${signal}: stopping the server and the browser, removing temp folders…`);
    void cleanup().finally(() => process.exit(130));
  });

// ---------------------------------------------------------------- admin HTTP API (direct)

interface SessionsPage {
  items: { id: string; username: string; ip: string }[];
  total: number;
}
type ListQuery = Record<string, string | number>;

async function admin<T>(method: string, body: unknown): Promise<{ value: T; ms: number; bytes: number }> {
  const t0 = performance.now();
  const res = await fetch(`${server!.consoleUrl.replace(/\/$/, '')}/admin/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server!.adminToken}` },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  const elapsed = performance.now() - t0;
  const result = JSON.parse(text) as { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
  if (!result.ok) throw new Error(`${method} answered ${res.status} ${result.error.code}: ${result.error.message}`);
  return { value: result.value, ms: elapsed, bytes: text.length };
}

// ---------------------------------------------------------------- the page side

/**
 * What probe.js puts on `window` (functions passed to waitForFunction run in the page; strings would
 * need eval, which the console's CSP forbids; page.evaluate with a string goes through CDP and is fine).
 */
interface InPage {
  __ghBench?: { marks: Record<string, number>; tableShows(total: number, firstId: string): boolean };
}

interface FetchRec {
  method: string;
  body: string | null;
  start: number;
  headers: number | null;
  end: number | null;
  status: number | null;
  bytes: number | null;
}
interface Logs {
  fetches: FetchRec[];
  keydowns: { t: number; key: string }[];
  inputs: { t: number; value: string | null }[];
}
const logLengths = (page: Page) =>
  page.evaluate(
    '({ fetches: window.__ghBench.fetches.length, keydowns: window.__ghBench.keydowns.length, inputs: window.__ghBench.inputs.length })',
  ) as Promise<Record<keyof Logs, number>>;
const logsSince = (page: Page, from: Record<keyof Logs, number>) =>
  page.evaluate(
    `({ fetches: window.__ghBench.fetches.slice(${from.fetches}), keydowns: window.__ghBench.keydowns.slice(${from.keydowns}), inputs: window.__ghBench.inputs.slice(${from.inputs}) })`,
  ) as Promise<Logs>;
const listCalls = (fetches: FetchRec[]) =>
  fetches
    .filter((f) => f.method === 'sessions.list')
    .map((f) => ({ ...f, query: JSON.parse(f.body ?? '{}') as ListQuery }));

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser!.newContext({ viewport: VIEWPORT });
  await context.addInitScript({ path: PROBE });
  return { context, page: await context.newPage() };
}

const consoleUrl = () => `${server!.consoleUrl}?screen=sessions#token=${encodeURIComponent(server!.adminToken)}`;

// ---------------------------------------------------------------- (a) first render

interface FirstRenderRun {
  firstRowDom: number;
  firstRowPresented: number;
  htmlResponseEnd: number;
  scriptResponseEnd: number | null;
  domContentLoaded: number;
  systemInfo: [number, number] | null;
  appReady: number | null;
  firstList: [number, number] | null;
  firstListQuery: ListQuery | null;
  /** Resource Timing of that call (network level, not delayed by a busy main thread): request sent, first byte, last byte. */
  firstListNet: [number, number, number] | null;
  listCallsBeforeRow: number;
}

async function firstRender(): Promise<FirstRenderRun> {
  const { context, page } = await newPage();
  try {
    await page.goto(consoleUrl(), { waitUntil: 'commit' });
    await page.waitForFunction(
      () => 'firstRowPresented' in ((globalThis as unknown as InPage).__ghBench?.marks ?? {}),
      null,
      { timeout: PAGE_TIMEOUT_MS, polling: 50 },
    );
    const r = (await page.evaluate(`(() => {
      const B = window.__ghBench;
      const nav = performance.getEntriesByType('navigation')[0];
      const js = performance.getEntriesByType('resource').filter((e) => /\\.js(\\?|$)/.test(e.name)).map((e) => e.responseEnd);
      const list = performance.getEntriesByType('resource').find((e) => e.name.includes('/admin/api/sessions.list'));
      const listNet = list ? [list.requestStart, list.responseStart, list.responseEnd] : null;
      return { marks: B.marks, fetches: B.fetches, nav: { responseEnd: nav.responseEnd, domContentLoaded: nav.domContentLoadedEventEnd }, js, listNet };
    })()`)) as {
      marks: Record<string, number>;
      fetches: FetchRec[];
      nav: { responseEnd: number; domContentLoaded: number };
      js: number[];
      listNet: [number, number, number] | null;
    };
    const info = r.fetches.find((f) => f.method === 'system.info');
    const firstRowDom = r.marks.firstRowDom!;
    const lists = listCalls(r.fetches).filter((f) => f.start <= firstRowDom);
    const first = lists[0];
    return {
      firstRowDom,
      firstRowPresented: r.marks.firstRowPresented!,
      htmlResponseEnd: r.nav.responseEnd,
      scriptResponseEnd: r.js.length ? Math.max(...r.js) : null,
      domContentLoaded: r.nav.domContentLoaded,
      systemInfo: info?.end ? [info.start, info.end] : null,
      appReady: r.marks.appReady ?? null,
      firstList: first?.end ? [first.start, first.end] : null,
      firstListQuery: first?.query ?? null,
      firstListNet: r.listNet,
      listCallsBeforeRow: lists.length,
    };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------- (b) filter keystroke → table

interface Expect {
  total: number;
  firstId: string;
}
interface FilterScenario {
  id: string;
  label: string;
  /** What is typed (or `clear`: select all + Backspace); the text filter that results. */
  keys: { type: string; delay?: number } | 'clear';
  text: string;
  headline?: boolean;
  /** Measure from the deciding key rather than the last (see measureFilter). */
  fromDecidingKey?: boolean;
}

interface FilterRun {
  ok: boolean;
  timedOut: boolean;
  /** last keydown (browser timestamp) → the frame after the DOM showed the filtered table */
  total: number;
  keyToInput: number;
  inputToRequest: number | null;
  request: number | null;
  responseToDom: number | null;
  domToPresented: number;
  firstKeyToPresented: number;
  keys: number;
  maxKeyGap: number;
  listCalls: number;
  listCallsFinal: number;
  staleCallsOpen: number;
  /** sessions.list calls for some other text (a refresh of the previous result asked for by pushed events) */
  otherCalls: number;
  note?: string;
}

/**
 * `decidingKey`: the index of the keystroke after which the table's answer no longer changes
 * (typing "maria.garcia", the result of "maria.ga" is already the final one). When keys land one
 * by one (human speed), the final table can appear before the last key, so the interval is
 * measured from that key; typed back to back, only the last key's query is ever sent.
 */
async function measureFilter(page: Page, s: FilterScenario, expect: Expect, decidingKey?: number): Promise<FilterRun> {
  const from = await logLengths(page);
  const armed = (await page.evaluate(
    `window.__ghBench.armTable(${expect.total}, ${JSON.stringify(expect.firstId)}, ${PAGE_TIMEOUT_MS})`,
  )) as { alreadyShown: boolean };
  if (armed.alreadyShown) throw new Error(`${s.id}: the table already showed the expected result before the keystroke`);
  if (s.keys === 'clear') {
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Backspace');
  } else {
    await page.keyboard.type(s.keys.type, { delay: s.keys.delay });
  }
  const res = (await page.evaluate('window.__ghBench.pending')) as
    { dom: number; frame: number; presented: number; timedOut: false } | { timedOut: true; state: unknown };
  const logs = await logsSince(page, from);
  const lastKey = (decidingKey === undefined ? logs.keydowns.at(-1)?.t : logs.keydowns[decidingKey]?.t) ?? NaN;
  const firstKey = logs.keydowns[0]?.t ?? NaN;
  const lastInput = (decidingKey === undefined ? logs.inputs.at(-1)?.t : logs.inputs[decidingKey]?.t) ?? NaN;
  const gaps = logs.keydowns.slice(1).map((k, i) => k.t - logs.keydowns[i]!.t);
  const calls = listCalls(logs.fetches);
  const text = s.text.trim();
  const finalCalls = calls.filter((c) => (c.query.text ?? '') === text && (c.query.offset ?? 0) === 0);
  // the call that produced the table: the last one for the final text sent before the DOM changed
  // the call that produced the table: the first one for the (deciding) text or longer, sent after that input and
  // answered before the DOM changed. Other calls are refreshes of the visible rows that pushed events (the
  // server's expiry sweep, every 5 s) asked for: they are counted, not timed.
  const minLen = decidingKey === undefined ? text.length : decidingKey + 1;
  const forText = (c: (typeof calls)[number]) =>
    String(c.query.text ?? '').length >= minLen && text.startsWith(String(c.query.text ?? ''));
  const final = res.timedOut
    ? undefined
    : calls.find((c) => forText(c) && c.start >= lastInput && c.end !== null && c.end <= res.dom);
  const typed = (c: (typeof calls)[number]) => {
    const qt = String(c.query.text ?? '');
    return text === '' ? qt === '' : qt !== '' && text.startsWith(qt); // the final text or one of its typed prefixes
  };
  const otherCalls = calls.filter((c) => !typed(c)).length;
  const stillOpen = res.timedOut
    ? 0
    : calls.filter(
        (c) =>
          c !== final && c.start < (final?.start ?? Infinity) && (c.end === null || c.end > (final?.start ?? Infinity)),
      ).length;
  if (res.timedOut) {
    return {
      ok: false,
      timedOut: true,
      total: NaN,
      keyToInput: NaN,
      inputToRequest: null,
      request: null,
      responseToDom: null,
      domToPresented: NaN,
      firstKeyToPresented: NaN,
      keys: logs.keydowns.length,
      maxKeyGap: gaps.length ? Math.max(...gaps) : 0,
      listCalls: calls.length,
      listCallsFinal: finalCalls.length,
      staleCallsOpen: 0,
      otherCalls,
      note: `timed out after ${PAGE_TIMEOUT_MS} ms; table state ${JSON.stringify(res.state)}`,
    };
  }
  return {
    ok: true,
    timedOut: false,
    total: res.presented - lastKey,
    keyToInput: lastInput - lastKey,
    inputToRequest: final ? final.start - lastInput : null,
    request: final ? final.end! - final.start : null,
    responseToDom: final ? res.dom - final.end! : null,
    domToPresented: res.presented - res.dom,
    firstKeyToPresented: res.presented - firstKey,
    keys: logs.keydowns.length,
    maxKeyGap: gaps.length ? Math.max(...gaps) : 0,
    listCalls: calls.length,
    listCallsFinal: finalCalls.length,
    staleCallsOpen: stillOpen,
    otherCalls,
  };
}

// ---------------------------------------------------------------- (c) scrolling

interface ScrollRun {
  target: number;
  timedOut: boolean;
  firstMove: number | null;
  filled: number;
  presented: number;
  listCalls: number;
  request: number | null;
}

async function measureJump(page: Page, target: number): Promise<ScrollRun> {
  const from = await logLengths(page);
  const r = (await page.evaluate(`window.__ghBench.scrollToRow(${target}, ${PAGE_TIMEOUT_MS})`)) as {
    start: number;
    firstMove: number | null;
    dom?: number;
    presented?: number;
    timedOut: boolean;
    error?: string;
  };
  if (r.error) throw new Error(`scroll: ${r.error}`);
  const calls = listCalls((await logsSince(page, from)).fetches).filter((c) => c.end !== null);
  const slowest = calls.length ? Math.max(...calls.map((c) => c.end! - c.start)) : null;
  return {
    target,
    timedOut: r.timedOut,
    firstMove: r.firstMove === null ? null : r.firstMove - r.start,
    filled: r.timedOut ? NaN : r.dom! - r.start,
    presented: r.timedOut ? NaN : r.presented! - r.start,
    listCalls: calls.length,
    request: slowest,
  };
}

interface FlingResult {
  rowsPerFrame: number;
  frames: number;
  intervals: Summary;
  longFrames: number;
  framesWithBlanks: number;
  maxBlankRows: number;
  settleMs: number;
  settled: boolean;
  rowsCovered: number;
}

async function measureFling(page: Page, rowsPerFrame: number, frames: number): Promise<FlingResult> {
  const r = (await page.evaluate(`window.__ghBench.flingScroll(${rowsPerFrame}, ${frames}, ${PAGE_TIMEOUT_MS})`)) as {
    intervals: number[];
    blanks: number[];
    rowHeight: number;
    startTop: number;
    endTop: number;
    settleMs: number;
    settled: boolean;
    error?: string;
  };
  if (r.error) throw new Error(`fling: ${r.error}`);
  return {
    rowsPerFrame,
    frames,
    intervals: summarize(r.intervals),
    longFrames: r.intervals.filter((x) => x > 50).length,
    framesWithBlanks: r.blanks.filter((b) => b > 0).length,
    maxBlankRows: Math.max(0, ...r.blanks),
    settleMs: r.settleMs,
    settled: r.settled,
    rowsCovered: Math.round((r.endTop - r.startTop) / r.rowHeight),
  };
}

/** Waits (bounded) until the table shows `expect`; used between measurements, never timed. */
async function settle(page: Page, expect: Expect) {
  await page.waitForFunction(
    (e) => !!(globalThis as unknown as InPage).__ghBench?.tableShows(e.total, e.firstId),
    expect,
    { timeout: PAGE_TIMEOUT_MS, polling: 50 },
  );
  await page.waitForTimeout(300); // let the previous generation's stray answers land
}

// ---------------------------------------------------------------- main

const cpus = os.cpus();
const machine = {
  loadAverageBefore: os.loadavg(),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  cpus: cpus.length,
  cpuModel: cpus[0]?.model ?? 'unknown',
};
const startedAt = new Date().toISOString();
let failed = false;
let browserVersion: string | null = null;

try {
  console.log(
    `Gatehouse console benchmark — node ${machine.node}, ${machine.platform}, ${machine.cpus} CPU(s) (${machine.cpuModel})`,
  );
  console.log(
    `load average before start: ${machine.loadAverageBefore.map((x) => x.toFixed(2)).join(' ')}${machine.loadAverageBefore[0]! > 0.5 ? '  (something else is using the CPU: expect noisy numbers)' : ''}`,
  );
  const newestSrc = Math.max(
    ...fs
      .readdirSync(path.join(rootDir, 'src', 'renderer'), { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => fs.statSync(path.join(d.parentPath, d.name)).mtimeMs),
  );
  if (newestSrc > fs.statSync(RENDERER_INDEX).mtimeMs)
    console.log(
      'note: src/renderer has changed since out/renderer was built; run `npm run build` to measure the current code',
    );

  // ---- the data folder: seeded here, or a copy of --data-dir (the server's stop() deletes its folder)
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-console-'));
  tempDirs.push(dataDir);
  if (config.dataDir) {
    const t0 = performance.now();
    fs.cpSync(config.dataDir, dataDir, { recursive: true });
    console.log(`data: a copy of ${config.dataDir} (${((performance.now() - t0) / 1000).toFixed(1)} s to copy)`);
  } else {
    process.stdout.write(`data: seeding ${fmt(config.sessions)} sessions into ${dataDir} … `);
    const report = await seedDataFolder({ dataDir, sessions: config.sessions });
    console.log(
      `${report.seconds.toFixed(1)} s (${fmt(report.byStatus.active)} active, ${fmt(report.byStatus.revoked)} revoked, ${fmt(report.byStatus.expired)} expired; ${report.users} users)`,
    );
  }

  server = await startServe({ dataDir });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  browserVersion = browser.version();
  console.log(
    `server: ${server.consoleUrl} (headless mode, SQLite)   browser: ${CHROMIUM} ${browserVersion} headless, ${VIEWPORT.width}×${VIEWPORT.height}`,
  );
  console.log(
    `runs: ${config.runs} measured (+1 warm-up, reported apart) per figure; median and p90 (nearest rank${config.runs < 10 ? ': with this few runs the p90 is the slowest' : ''})\n`,
  );

  // ---- (a) first render
  const firstRuns: FirstRenderRun[] = [];
  let warmFirst: FirstRenderRun | null = null;
  for (let i = 0; i <= config.runs; i++) {
    const r = await firstRender();
    if (i === 0) warmFirst = r;
    else firstRuns.push(r);
    console.log(
      `  (a) ${i === 0 ? 'warm-up' : `run ${i}  `}  first row in DOM ${ms(r.firstRowDom)}, next frame presented ${ms(r.firstRowPresented)}`,
    );
  }
  const template: ListQuery = firstRuns[0]?.firstListQuery ?? {
    sort: 'lastSeenAt',
    order: 'desc',
    offset: 0,
    limit: 100,
  };
  const pageSize = Number(template.limit ?? 100);
  const listQuery = (text: string, offset = 0): ListQuery => {
    const q: ListQuery = { ...template, offset };
    if (text.trim()) q.text = text.trim();
    else delete q.text;
    return q;
  };
  const expectFor = async (text: string): Promise<Expect> => {
    const { value } = await admin<SessionsPage>('sessions.list', listQuery(text));
    if (!value.items[0])
      throw new Error(`the filter ${JSON.stringify(text)} matches no session: choose another (--user/--ip)`);
    return { total: value.total, firstId: value.items[0].id };
  };

  // ---- the filters: a seeded user, an IP prefix of the seed's documentation ranges
  const all = await admin<SessionsPage>('sessions.list', listQuery(''));
  const totalSessions = all.value.total;
  const users = (await admin<{ username: string }[] | { items: { username: string }[] }>('users.list', {})).value;
  const usernames = (Array.isArray(users) ? users : users.items).map((u) => u.username);
  const user = argv.user ?? (usernames.includes('maria.garcia') ? 'maria.garcia' : all.value.items[0]!.username);
  let ip = argv.ip ?? '203.0.113.';
  if (!argv.ip && (await admin<SessionsPage>('sessions.list', listQuery(ip))).value.total === 0)
    ip = `${all.value.items[0]!.ip.split('.').slice(0, 3).join('.')}.`;
  // a prefix of a session id as someone would paste it, and a device label of the seed
  const sidPrefix = all.value.items[Math.min(7, all.value.items.length - 1)]!.id.slice(0, 8);
  const device = argv.device ?? 'Firefox on Linux';
  const fieldSearches = [
    { id: 'userField', text: `user:${user}`, what: 'user name, substring' },
    { id: 'ipField', text: `ip:${ip}`, what: 'IP prefix' },
    { id: 'deviceField', text: `device:"${device}"`, what: 'device label, quoted' },
    { id: 'sidField', text: `sid:${sidPrefix}`, what: 'session id prefix, pasted' },
    {
      id: 'combined',
      text: `user:${user.slice(0, 5)} device:${device.split(' ')[0]!.toLowerCase()}`,
      what: 'two fields, AND',
    },
  ];
  const scenarios: FilterScenario[] = [
    {
      id: 'user',
      label: `type "${user}" (keys sent back to back, one query)`,
      keys: { type: user },
      text: user,
      headline: true,
    },
    { id: 'clear', label: 'clear the box (Ctrl+A, Backspace) → all sessions', keys: 'clear', text: '' },
    { id: 'ip', label: `type "${ip}" (IP prefix, back to back)`, keys: { type: ip }, text: ip },
    { id: 'clear', label: 'clear the box (Ctrl+A, Backspace) → all sessions', keys: 'clear', text: '' },
    { id: 'letter', label: `one key "${user[0]}" (a one-letter filter)`, keys: { type: user[0]! }, text: user[0]! },
    { id: 'clear', label: 'clear the box (Ctrl+A, Backspace) → all sessions', keys: 'clear', text: '' },
    {
      id: 'userHuman',
      label: `type "${user}" at human speed (${HUMAN_KEY_MS} ms a key: one query per key)`,
      keys: { type: user, delay: HUMAN_KEY_MS },
      text: user,
      fromDecidingKey: true,
    },
    { id: 'clear', label: 'clear the box (Ctrl+A, Backspace) → all sessions', keys: 'clear', text: '' },
    // search by field (src/shared/session-search.ts): each field's own rule, and terms combined
    ...fieldSearches.flatMap((f): FilterScenario[] => [
      { id: f.id, label: `type '${f.text}' (${f.what}, back to back)`, keys: { type: f.text }, text: f.text },
      { id: 'clear', label: 'clear the box (Ctrl+A, Backspace) → all sessions', keys: 'clear', text: '' },
    ]),
  ];
  const expects = new Map<string, Expect>();
  for (const text of new Set(scenarios.map((s) => s.text))) expects.set(text, await expectFor(text));
  // the first prefix of the user's name whose answer is already the final one
  let decidingKey = user.length - 1;
  while (decidingKey > 0) {
    const e = await expectFor(user.slice(0, decidingKey));
    if (e.total !== expects.get(user)!.total || e.firstId !== expects.get(user)!.firstId) break;
    decidingKey--;
  }
  console.log(
    `\nsessions: ${fmt(totalSessions)}; filters: user "${user}" → ${fmt(expects.get(user)!.total)}, ip "${ip}" → ${fmt(expects.get(ip)!.total)}, letter "${user[0]}" → ${fmt(expects.get(user[0]!)!.total)}`,
  );
  console.log(`  by field: ${fieldSearches.map((f) => `'${f.text}' → ${fmt(expects.get(f.text)!.total)}`).join(', ')}`);

  // ---- (b) filter keystroke → table, and (c) scrolling, in one long-lived tab
  const { context, page } = await newPage();
  const filterRuns = new Map<string, FilterRun[]>();
  const warmFilter = new Map<string, FilterRun>();
  const jumpRuns: ScrollRun[] = [];
  let warmJump: ScrollRun | null = null;
  const flings: FlingResult[] = [];
  try {
    await page.goto(consoleUrl(), { waitUntil: 'commit' });
    await settle(page, expects.get('')!);
    await page.click('[data-search]');
    for (let i = 0; i <= config.runs; i++) {
      for (const s of scenarios) {
        const expect = expects.get(s.text)!;
        const r = await measureFilter(page, s, expect, s.fromDecidingKey ? decidingKey : undefined);
        if (r.timedOut) failed = true;
        if (i === 0) warmFilter.set(s.id, warmFilter.get(s.id) ?? r);
        else filterRuns.set(s.id, [...(filterRuns.get(s.id) ?? []), r]);
        if (s.id !== 'clear' || i === 0)
          console.log(
            `  (b) ${i === 0 ? 'warm-up' : `run ${i}  `}  ${s.id.padEnd(11)} ${r.timedOut ? `TIMED OUT (${r.note})` : `${ms(r.total)}  (request ${ms(r.request)}, ${r.listCalls} sessions.list call(s))`}`,
          );
        if (!r.timedOut) await settle(page, expect);
      }
    }
    if (filterRuns.get('clear'))
      console.log(
        `  (b) clear: ${filterRuns
          .get('clear')!
          .map((r) => ms(r.total))
          .join(', ')}`,
      );

    // (c) a jump from the top to the middle; each run a different middle row, so no page is cached
    const allExpect = expects.get('')!;
    for (let i = 0; i <= config.runs; i++) {
      await page.evaluate('document.querySelector(".vtbody").scrollTop = 0');
      await settle(page, allExpect);
      const target = Math.min(totalSessions - 30, Math.floor(totalSessions / 2) + i * 10 * pageSize);
      const r = await measureJump(page, target);
      if (r.timedOut) failed = true;
      if (i === 0) warmJump = r;
      else jumpRuns.push(r);
      console.log(
        `  (c) ${i === 0 ? 'warm-up' : `run ${i}  `}  row ${fmt(target)}: first frame there ${ms(r.firstMove)}, rows filled ${ms(r.filled)}, presented ${ms(r.presented)} (${r.listCalls} call(s), slowest ${ms(r.request)})`,
      );
    }
    for (const rowsPerFrame of [3, 20]) {
      const f = await measureFling(page, rowsPerFrame, 120);
      flings.push(f);
      console.log(
        `  (c) fling ${rowsPerFrame} rows/frame × ${f.frames} frames: frame interval median ${ms(f.intervals.median, 1)}, p90 ${ms(f.intervals.p90, 1)}, max ${ms(f.intervals.max, 1)}; frames with empty rows in view ${f.framesWithBlanks}/${f.frames}`,
      );
    }
  } finally {
    await context.close();
  }
  await browser.close();
  browser = null;

  // ---- the server's sessions.list, directly over HTTP, for the same queries (browser closed: the server alone)
  const directQueries = [
    { id: 'unfiltered', label: 'no filter, first page (first render, clear)', query: listQuery('') },
    { id: 'user', label: `text "${user}"`, query: listQuery(user) },
    { id: 'ip', label: `text "${ip}"`, query: listQuery(ip) },
    { id: 'letter', label: `text "${user[0]}"`, query: listQuery(user[0]!) },
    ...fieldSearches.map((f) => ({ id: f.id, label: `text '${f.text}'`, query: listQuery(f.text) })),
    {
      id: 'middle',
      label: `no filter, offset ${fmt(Math.floor(totalSessions / 2 / pageSize) * pageSize)} (the jump)`,
      query: listQuery('', Math.floor(totalSessions / 2 / pageSize) * pageSize),
    },
  ];
  const direct = [];
  for (const d of directQueries) {
    await admin('sessions.list', d.query); // warm-up
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < Math.max(config.runs, 5); i++) {
      const r = await admin<SessionsPage>('sessions.list', d.query);
      times.push(r.ms);
      bytes = r.bytes;
    }
    direct.push({ ...d, ms: summarize(times), bytes });
  }
  // the prefixes a human-speed typist sends, one query each
  const prefixes = [];
  for (let n = 1; n <= user.length; n++) {
    const q = listQuery(user.slice(0, n));
    await admin('sessions.list', q);
    const times: number[] = [];
    for (let i = 0; i < 3; i++) times.push((await admin('sessions.list', q)).ms);
    prefixes.push({ text: user.slice(0, n), ms: median(times) });
  }

  // ---------------------------------------------------------------- report
  const fr = {
    dom: summarize(firstRuns.map((r) => r.firstRowDom)),
    presented: summarize(firstRuns.map((r) => r.firstRowPresented)),
    html: summarize(firstRuns.map((r) => r.htmlResponseEnd)),
    script: summarize(firstRuns.flatMap((r) => (r.scriptResponseEnd === null ? [] : [r.scriptResponseEnd]))),
    dcl: summarize(firstRuns.map((r) => r.domContentLoaded)),
    infoStart: summarize(firstRuns.flatMap((r) => (r.systemInfo ? [r.systemInfo[0]] : []))),
    infoEnd: summarize(firstRuns.flatMap((r) => (r.systemInfo ? [r.systemInfo[1]] : []))),
    appReady: summarize(firstRuns.flatMap((r) => (r.appReady === null ? [] : [r.appReady]))),
    listStart: summarize(firstRuns.flatMap((r) => (r.firstList ? [r.firstList[0]] : []))),
    listEnd: summarize(firstRuns.flatMap((r) => (r.firstList ? [r.firstList[1]] : []))),
    listNetRequest: summarize(firstRuns.flatMap((r) => (r.firstListNet ? [r.firstListNet[0]] : []))),
    listNetFirstByte: summarize(firstRuns.flatMap((r) => (r.firstListNet ? [r.firstListNet[1]] : []))),
    listNetLastByte: summarize(firstRuns.flatMap((r) => (r.firstListNet ? [r.firstListNet[2]] : []))),
  };
  const firstStatus = statusOf(fr.presented, TARGET_FIRST_RENDER_MS, firstRuns.length < config.runs);

  console.log(
    `\n================ Sessions screen, ${fmt(totalSessions)} sessions, headless Chromium ${browserVersion ?? ''}, ${VIEWPORT.width}×${VIEWPORT.height}`,
  );
  console.log(`\n(a) first render: navigation start → first session row in the viewport, next frame presented`);
  console.log(
    `    median ${ms(fr.presented.median)}  p90 ${ms(fr.presented.p90)}   target ≤ ${TARGET_FIRST_RENDER_MS} ms  ${firstStatus}   (warm-up, cold server: ${ms(warmFirst?.firstRowPresented)})`,
  );
  console.log(
    `    where it goes (medians, ms since navigation start): HTML ${ms(fr.html.median)} · script loaded ${ms(fr.script.median)} · DOMContentLoaded ${ms(fr.dcl.median)} ·` +
      ` system.info ${ms(fr.infoStart.median)}→${ms(fr.infoEnd.median)} · app ready ${ms(fr.appReady.median)} · first sessions.list ${ms(fr.listStart.median)}→${ms(fr.listEnd.median)} ·` +
      ` row in DOM ${ms(fr.dom.median)} · presented ${ms(fr.presented.median)}`,
  );
  console.log(
    `    first sessions.list on the network (Resource Timing): request sent ${ms(fr.listNetRequest.median)}, first byte ${ms(fr.listNetFirstByte.median)}, last byte ${ms(fr.listNetLastByte.median)}` +
      ` (the fetch() above resolves later when the page's main thread is busy)`,
  );

  const filterReport = [];
  console.log(
    `\n(b) filter keystroke → table: last keydown (browser's timestamp) → the table shows the filter's total and first row, next frame presented`,
  );
  console.log(
    `    the search box waits ${DEBOUNCE_MS} ms after the last input before it queries (TEXT_DELAY_MS in src/renderer/screens/sessions/sessions-filters.tsx)`,
  );
  for (const id of [...new Set(scenarios.map((s) => s.id))]) {
    const s = scenarios.find((x) => x.id === id)!;
    const runs = filterRuns.get(id) ?? [];
    const ok = runs.filter((r) => r.ok);
    const total = summarize(ok.map((r) => r.total));
    const part = (f: (r: FilterRun) => number | null) => median(ok.flatMap((r) => (f(r) === null ? [] : [f(r)!])));
    const status = statusOf(total, TARGET_FILTER_MS, ok.length < runs.length || !runs.length);
    const row = {
      id,
      label: s.label,
      text: s.text,
      headline: !!s.headline,
      expect: expects.get(s.text),
      total,
      status,
      parts: {
        keyToInput: part((r) => r.keyToInput),
        inputToRequest: part((r) => r.inputToRequest),
        request: part((r) => r.request),
        responseToDom: part((r) => r.responseToDom),
        domToPresented: part((r) => r.domToPresented),
      },
      withoutDebounce: summarize(ok.map((r) => r.total - DEBOUNCE_MS)),
      listCalls: median(runs.map((r) => r.listCalls)),
      staleCallsOpen: median(ok.map((r) => r.staleCallsOpen)),
      otherCalls: runs.reduce((n, r) => n + r.otherCalls, 0),
      keys: median(runs.map((r) => r.keys)),
      maxKeyGap: median(runs.map((r) => r.maxKeyGap)),
      firstKeyToPresented: summarize(ok.map((r) => r.firstKeyToPresented)),
      warmup: warmFilter.get(id) ?? null,
      runs,
    };
    filterReport.push(row);
    console.log(`  ${s.headline ? '*' : ' '} ${s.label}`);
    console.log(
      `      ${fmt(row.expect!.total)} match · median ${ms(total.median)}  p90 ${ms(total.p90)}   target ≤ ${TARGET_FILTER_MS} ms  ${status}` +
        `   (without the ${DEBOUNCE_MS} ms debounce: median ${ms(row.withoutDebounce.median)})`,
    );
    console.log(
      `      key→input ${ms(row.parts.keyToInput, 1)} · input→request sent ${ms(row.parts.inputToRequest, 1)} (${DEBOUNCE_MS} ms of it the debounce) · request ${ms(row.parts.request, 1)} ·` +
        ` answer→DOM ${ms(row.parts.responseToDom, 1)} · DOM→presented ${ms(row.parts.domToPresented, 1)}   [${row.listCalls} sessions.list call(s)${row.keys > 1 ? `, ${row.keys} keys, longest gap ${ms(row.maxKeyGap)}` : ''}` +
        `${row.staleCallsOpen ? `, ${row.staleCallsOpen} older call(s) still in flight when the final one was sent` : ''}` +
        `${row.otherCalls ? `; ${row.otherCalls} refresh(es) of the previous result, pushed by the expiry sweep, over all runs` : ''}]`,
    );
    if (id === 'userHuman')
      console.log(
        `      measured from key ${decidingKey + 1} of ${user.length} ("${user.slice(0, decidingKey + 1)}": its answer is already the final one); first key → final table: median ${ms(row.firstKeyToPresented.median)}`,
      );
  }

  const jump = {
    firstMove: summarize(jumpRuns.flatMap((r) => (r.firstMove === null ? [] : [r.firstMove]))),
    filled: summarize(jumpRuns.filter((r) => !r.timedOut).map((r) => r.filled)),
    presented: summarize(jumpRuns.filter((r) => !r.timedOut).map((r) => r.presented)),
    request: summarize(jumpRuns.flatMap((r) => (r.request === null ? [] : [r.request]))),
  };
  console.log(`\n(c) scrolling (extra, no target in the issue)`);
  console.log(
    `    jump from the top to row ~${fmt(Math.floor(totalSessions / 2))} (scrollTop set at once): first frame at the new position median ${ms(jump.firstMove.median)};` +
      ` every row in view filled median ${ms(jump.filled.median)}, presented ${ms(jump.presented.median)} p90 ${ms(jump.presented.p90)} (slowest sessions.list in it: median ${ms(jump.request.median)})`,
  );
  for (const f of flings)
    console.log(
      `    fling ${f.rowsPerFrame} rows/frame for ${f.frames} frames (${fmt(f.rowsCovered)} rows): frame interval median ${ms(f.intervals.median, 1)} p90 ${ms(f.intervals.p90, 1)} max ${ms(f.intervals.max, 1)},` +
        ` ${f.longFrames} frame(s) > 50 ms; ${f.framesWithBlanks}/${f.frames} frames had empty placeholder rows in view (at most ${f.maxBlankRows}); filled ${ms(f.settleMs)} after it stopped`,
    );

  console.log(
    `\nserver: sessions.list over the admin HTTP API from Node (no browser running), ${Math.max(config.runs, 5)} calls after a warm-up`,
  );
  for (const d of direct)
    console.log(
      `    ${d.label.padEnd(52)} median ${ms(d.ms.median, 1).padStart(9)}  p90 ${ms(d.ms.p90, 1).padStart(9)}   ${fmt(d.bytes)} bytes`,
    );
  console.log(`    the prefixes typed at human speed: ${prefixes.map((p) => `"${p.text}" ${ms(p.ms)}`).join(', ')}`);

  const outFile = path.join(benchDir, 'results', 'console.json');
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(
    outFile,
    `${JSON.stringify(
      {
        startedAt,
        finishedAt: new Date().toISOString(),
        machine: { ...machine, loadAverageAfter: os.loadavg(), chromium: browserVersion },
        config: {
          ...config,
          viewport: VIEWPORT,
          humanKeyMs: HUMAN_KEY_MS,
          debounceMs: DEBOUNCE_MS,
          listQuery: template,
        },
        sessions: totalSessions,
        firstRender: {
          target: TARGET_FIRST_RENDER_MS,
          status: firstStatus,
          presented: fr.presented,
          dom: fr.dom,
          breakdown: fr,
          warmup: warmFirst,
          runs: firstRuns,
        },
        filter: { target: TARGET_FILTER_MS, scenarios: filterReport },
        scroll: { jump, warmup: warmJump, runs: jumpRuns, flings },
        server: { sessionsList: direct, prefixes },
      },
      null,
      2,
    )}\n`,
  );
  console.log(`\nwritten: ${path.relative(rootDir, outFile)}`);
} catch (err) {
  failed = true;
  console.error(`\nconsole benchmark: ${(err as Error).stack ?? err}`);
  if (server) console.error(`server output (last lines):\n${server.output().split('\n').slice(-15).join('\n')}`);
} finally {
  await cleanup();
}
process.exit(failed ? 1 : 0);
