import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/main/store/sqlite/sqlite-store';
import { TSX } from '../support/node-args';

const root = fileURLToPath(new URL('../../', import.meta.url));
const writer = fileURLToPath(new URL('./fixtures/crash-writer.ts', import.meta.url));
/** Lines to see before the kill: enough that the child is deep in its write loop. */
const KILL_AFTER_LINES = 400;

/** Runs the writer, SIGKILLs it once it has reported enough commits; returns the complete lines. */
function runAndKill(file: string): Promise<{ lines: string[]; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...TSX, writer, file], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (out.split('\n').length - 1 >= KILL_AFTER_LINES) child.kill('SIGKILL');
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      // a line cut off by the kill has no newline yet, and is not counted as reported
      const lines = out.split('\n').slice(0, -1);
      resolve({ lines, signal, stderr });
    });
  });
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('SqliteStore under SIGKILL', () => {
  it('loses no write the killed process saw committed and leaves a sound file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-crash-'));
    dirs.push(dir);
    const file = join(dir, 'crash.db');

    const { lines, signal, stderr } = await runAndKill(file);
    expect(stderr).toBe('');
    expect(signal).toBe('SIGKILL');
    expect(lines.length).toBeGreaterThanOrEqual(KILL_AFTER_LINES);

    const store = openSqliteStore(file);
    try {
      expect(store.integrityCheck()).toBe('ok');
      const families = new Map<string, Map<string, { status: string; parentId: string | null }>>();
      const familyOf = async (sessionId: string) => {
        let family = families.get(sessionId);
        if (!family) {
          const tokens = await store.getRefreshFamily(sessionId);
          family = new Map(tokens.map((t) => [t.id, { status: t.status, parentId: t.parentId }]));
          families.set(sessionId, family);
        }
        return family;
      };
      for (const line of lines) {
        const [kind, sessionId, a, b] = line.split(' ');
        expect(sessionId, line).toBeTruthy();
        if (kind === 'S') {
          expect((await store.getSession(sessionId!))?.status, line).toBe('active');
          expect((await familyOf(sessionId!)).has(a!), line).toBe(true);
        } else {
          expect(kind, line).toBe('R');
          const family = await familyOf(sessionId!);
          expect(family.get(a!)?.status, line).toBe('rotated');
          expect(family.get(b!)?.parentId, line).toBe(a);
        }
      }
    } finally {
      await store.close();
    }
  });
});
