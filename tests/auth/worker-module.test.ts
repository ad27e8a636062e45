import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { siblingModule, startWorkerModule, threadModule } from '../../src/main/auth/worker-module';

const started: Worker[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((w) => w.terminate()));
});

/** The first message of a worker started on `module`. */
async function firstMessage(module: URL, workerData?: unknown): Promise<Record<string, unknown>> {
  const worker = startWorkerModule(module, { workerData });
  started.push(worker);
  const [message] = (await once(worker, 'message')) as [Record<string, unknown>];
  return message;
}

describe('siblingModule', () => {
  it('names the module beside the caller with the caller’s extension: source, electron-vite’s and esbuild’s bundles', () => {
    expect(siblingModule('file:///repo/src/main/auth/password-hasher.ts', 'scrypt-worker').href).toBe(
      'file:///repo/src/main/auth/scrypt-worker.ts',
    );
    expect(siblingModule('file:///app/out/main/index.js', 'scrypt-worker').href).toBe(
      'file:///app/out/main/scrypt-worker.js',
    );
    expect(siblingModule('file:///srv/out/server/serve.mjs', 'scrypt-worker').href).toBe(
      'file:///srv/out/server/scrypt-worker.mjs',
    );
  });
});

describe('threadModule', () => {
  it('starts a build’s JavaScript module as it is', () => {
    const js = new URL('../support/echo-worker.mjs', import.meta.url);
    expect(threadModule(js)).toBe(js);
  });

  it('bundles a TypeScript module (from source) once per process, into a self-contained file in the temporary folder', () => {
    const ts = new URL('../support/crashing-scrypt-worker.ts', import.meta.url);
    const file = threadModule(ts);
    expect(file.protocol).toBe('file:');
    expect(fileURLToPath(file).startsWith(os.tmpdir())).toBe(true);
    expect(file.pathname).toMatch(/crashing-scrypt-worker-[0-9a-f]{16}\.mjs$/);
    const code = fs.readFileSync(file, 'utf8');
    // the imported scrypt-job.ts is inside it; what remains imported is Node's own
    expect(code).toContain('function runScryptJob(');
    expect(
      [...code.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]).every((s) => s?.startsWith('node:')),
    ).toBe(true);
    expect(threadModule(ts)).toBe(file);
  });
});

describe('startWorkerModule', () => {
  it('runs a JavaScript module as it is: no loader hooks in the thread, its workerData passed', async () => {
    const message = await firstMessage(new URL('../support/echo-worker.mjs', import.meta.url), { niceness: 3 });
    expect(message).toEqual({ workerData: { niceness: 3 }, execArgv: [], language: 'javascript' });
  });

  it('runs a TypeScript module from source (Node 20 cannot run it alone), its workerData passed', async () => {
    const message = await firstMessage(new URL('../support/echo-worker.ts', import.meta.url), { niceness: 4 });
    expect(message).toEqual({ workerData: { niceness: 4 }, language: 'typescript' });
  });

  it('fails the thread, not the caller, when the module is missing', async () => {
    const worker = startWorkerModule(new URL('../support/no-such-worker.mjs', import.meta.url));
    started.push(worker);
    const [err] = (await once(worker, 'error')) as [Error];
    expect(err.message).toMatch(/no-such-worker\.mjs/);
  });

  it('refuses a module that is not a file URL', () => {
    expect(() => startWorkerModule(new URL('data:text/javascript,1'))).toThrow(/file URL/);
  });
});
