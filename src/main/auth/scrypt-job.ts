import { scryptSync } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';

/** One scrypt computation. The password is UTF-8 encoded, as node:crypto does with a string. */
export interface ScryptJob {
  password: string;
  salt: Buffer;
  keyLength: number;
  N: number;
  r: number;
  p: number;
  maxmem: number;
}

/** What the hasher posts to a worker thread: a job and the id its reply carries back. */
export interface ScryptRequest extends ScryptJob {
  id: number;
}

/** A worker's answer: the derived key and how long scrypt took on the thread, or why scrypt refused. */
export type ScryptReply = { id: number; key: Uint8Array; ms: number } | { id: number; error: string };

/** The worker thread's start-up data. */
export interface ScryptWorkerData {
  /** Nice value for the thread (Linux only); 0 leaves it. */
  niceness: number;
}

/** Runs one job on the calling thread; a refusal by scrypt (bad parameters, maxmem) is a reply, not a throw. */
export function runScryptJob(request: ScryptRequest): ScryptReply {
  const { id, password, salt, keyLength, N, r, p, maxmem } = request;
  const started = performance.now();
  try {
    const key = scryptSync(password, salt, keyLength, { N, r, p, maxmem });
    return { id, key, ms: performance.now() - started };
  } catch (err) {
    return { id, error: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * Lowers the calling thread's priority, so a hashing thread yields the CPU to the event loop and
 * signature verification. On Linux the nice value is per thread (setpriority on the caller); elsewhere
 * it would renice the whole process, so it is left alone. Best effort: refused means unchanged.
 */
export function lowerThreadPriority(niceness: number, platform: NodeJS.Platform = process.platform): boolean {
  if (platform !== 'linux' || !(niceness > 0)) return false;
  try {
    os.setPriority(niceness);
    return true;
  } catch {
    return false;
  }
}
