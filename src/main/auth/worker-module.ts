import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type * as Esbuild from 'esbuild';

/**
 * A worker thread's module beside the code that runs: `name` + the running module's own extension.
 * From source (vitest, tsx, the benchmarks) that is the TypeScript file next to the caller; in a
 * bundle the caller's code runs from the bundle (out/main/index.js by electron-vite,
 * out/server/serve.mjs by scripts/build-server.mjs), and both builds emit the worker beside it under
 * the same extension. `callerUrl` is the caller's `import.meta.url`.
 */
export function siblingModule(callerUrl: string, name: string): URL {
  const caller = new URL(callerUrl);
  return new URL(`${name}${path.extname(caller.pathname)}`, caller);
}

/** The JavaScript file a thread runs for `module`, per TypeScript module, made once per process. */
const compiled = new Map<string, URL>();

/**
 * The file a thread starts on for `module`: a build's JavaScript as it is; a TypeScript module
 * (running from source) bundled by esbuild, as the build would, into one self-contained file in the
 * temporary folder named by its content's hash. Node 20 cannot run TypeScript and its threads
 * inherit no loader hooks; tsx registered in each thread would cost up to a second a thread on a
 * loaded machine, where this costs one esbuild call per process. esbuild is a dev dependency, there
 * wherever the sources run.
 */
export function threadModule(module: URL): URL {
  if (module.protocol !== 'file:') throw new Error(`a worker module is a file URL, not ${module.href}`);
  if (!module.pathname.endsWith('.ts')) return module;
  let built = compiled.get(module.href);
  if (!built) {
    const esbuild = createRequire(import.meta.url)('esbuild') as typeof Esbuild;
    const { outputFiles } = esbuild.buildSync({
      entryPoints: [fileURLToPath(module)],
      bundle: true,
      write: false,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: 'inline',
      logLevel: 'silent',
    });
    const code = outputFiles[0]!.text;
    const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
    const file = path.join(os.tmpdir(), `gatehouse-${path.basename(module.pathname, '.ts')}-${hash}.mjs`);
    if (!fs.existsSync(file)) {
      // renamed into place: a thread of another process never starts on half a file
      fs.writeFileSync(`${file}.${process.pid}.tmp`, code);
      fs.renameSync(`${file}.${process.pid}.tmp`, file);
    }
    built = pathToFileURL(file);
    compiled.set(module.href, built);
  }
  return built;
}

/**
 * Starts a worker thread on a module given by file URL (see threadModule), with no loader hooks
 * (execArgv []: the thread needs none of tsx's or vitest's).
 */
export function startWorkerModule(module: URL, options: { workerData?: unknown } = {}): Worker {
  return new Worker(threadModule(module), { execArgv: [], workerData: options.workerData });
}
