/**
 * `npm run bench:denylist` (also run by `npm run bench`): the in-memory denylist at a million
 * entries. A data folder is seeded with 1,000,000 entries (95 % jti, 5 % sid), then a fresh
 * process opens it and reports how long the start took, how long the denylist rebuild took, and
 * the resident memory per entry; a second process builds the layout the server used before (a
 * Map of full records per kind) from the same rows, side by side.
 *
 *   npm run bench:denylist [-- --entries 1000000]
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TSX } from '../tests/support/node-args';

const here = fileURLToPath(import.meta.url);
const { values: argv, positionals } = parseArgs({
  options: { entries: { type: 'string' } },
  allowPositionals: true,
  strict: true,
});

const gc = () => (globalThis as { gc?: () => void }).gc?.();
const rssMb = () => process.memoryUsage().rss / 2 ** 20;
const settle = async () => {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 50));
  }
};

/** Child: open the data folder as the server does and report start, rebuild and memory. */
async function measureCompact(dataDir: string): Promise<void> {
  const { openGatehouse } = await import('../src/main/runtime/open-gatehouse');
  await settle();
  const before = rssMb();
  const t0 = performance.now();
  const g = await openGatehouse({ dataDir });
  const opened = performance.now() - t0;
  await settle();
  const after = rssMb();
  const m = process.memoryUsage();
  // the rebuild alone, timed again on the open server (the start above includes it)
  const t1 = performance.now();
  await g.denylist.load();
  const rebuild = performance.now() - t1;
  const size = g.denylist.entries.size;
  console.error(
    `heapUsed ${(m.heapUsed / 2 ** 20).toFixed(1)} MB, arrayBuffers ${(m.arrayBuffers / 2 ** 20).toFixed(1)} MB, external ${(m.external / 2 ** 20).toFixed(1)} MB`,
  );
  console.log(
    JSON.stringify({
      openMs: opened,
      rebuildMs: rebuild,
      rssMb: after - before,
      entries: size.jti + size.sid + size.user,
    }),
  );
  await g.close();
}

/** Child: the previous layout, a Map of full records per kind, from the same rows. */
async function measureMaps(dataDir: string): Promise<void> {
  const { openSqliteStore } = await import('../src/main/store/sqlite/sqlite-store');
  const store = openSqliteStore(path.join(dataDir, 'gatehouse.db'));
  await settle();
  const before = rssMb();
  const t0 = performance.now();
  const maps = {
    jti: new Map<string, unknown>(),
    sid: new Map<string, unknown>(),
    user: new Map<string, unknown>(),
    client: new Map<string, unknown>(),
  };
  for (const entry of await store.listDenylist()) maps[entry.kind].set(entry.subject, entry);
  const ms = performance.now() - t0;
  await settle();
  console.log(
    JSON.stringify({
      rebuildMs: ms,
      rssMb: rssMb() - before,
      entries: maps.jti.size + maps.sid.size + maps.user.size + maps.client.size,
    }),
  );
  await store.close();
}

function child(mode: string, dataDir: string): { rssMb: number; rebuildMs: number; openMs?: number; entries: number } {
  const r = spawnSync(process.execPath, ['--expose-gc', ...TSX, here, mode, dataDir], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (r.stderr.trim()) console.log(`  [${mode}] ${r.stderr.trim()}`);
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) throw new Error(`${mode} failed (${r.status}):\n${r.stderr}`);
  return JSON.parse(line) as { rssMb: number; rebuildMs: number; openMs?: number; entries: number };
}

async function main(): Promise<void> {
  const n = Number(argv.entries ?? 1_000_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-denylist-'));
  try {
    const { openGatehouse } = await import('../src/main/runtime/open-gatehouse');
    const g = await openGatehouse({ dataDir });
    const now = g.clock.now();
    await g.close();
    console.log(`seeding ${n.toLocaleString('en')} denylist entries…`);
    const db = new Database(path.join(dataDir, 'gatehouse.db'));
    const insert = db.prepare(
      'INSERT INTO denylist (kind, subject, value, reason, created_at, prune_after) VALUES (?, ?, 0, ?, ?, ?)',
    );
    db.transaction(() => {
      for (let i = 0; i < n; i++)
        insert.run(i % 20 === 0 ? 'sid' : 'jti', randomBytes(16).toString('base64url'), 'bench', now, now + 3600);
    })();
    db.close();

    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-empty-'));
    const baseline = child('compact', empty);
    fs.rmSync(empty, { recursive: true, force: true });
    const compact = child('compact', dataDir);
    const maps = child('maps', dataDir);
    const perEntry = (mb: number) => (mb * 2 ** 20) / n;
    console.log(`\nDenylist at ${compact.entries.toLocaleString('en')} entries (one fresh process each):`);
    console.log(
      `  compact (typed-array id tables)       ${perEntry(compact.rssMb).toFixed(0).padStart(4)} B/entry RSS   rebuild ${(compact.rebuildMs / 1000).toFixed(2)} s   target ≤ 100 B, ≤ 2 s   ${perEntry(compact.rssMb) <= 100 && compact.rebuildMs <= 2000 ? 'MET' : 'MISS'}`,
    );
    console.log(
      `  Map of records per kind (before)      ${perEntry(maps.rssMb).toFixed(0).padStart(4)} B/entry RSS   rebuild ${(maps.rebuildMs / 1000).toFixed(2)} s`,
    );
    console.log(`  compact ÷ before, memory              ${(compact.rssMb / maps.rssMb).toFixed(2)}`);
    console.log(
      `  server start (open + rebuild)         ${(compact.openMs! / 1000).toFixed(2)} s   (empty data folder: ${(baseline.openMs! / 1000).toFixed(2)} s)`,
    );
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const [mode, dir] = positionals;
if (mode === 'compact') await measureCompact(dir!);
else if (mode === 'maps') await measureMaps(dir!);
else await main();
