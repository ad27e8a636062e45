/**
 * The password hasher's worker thread (see password-hasher.ts): scryptSync here, so a hash never
 * occupies the libuv pool that signature verification uses. Started by file URL: the built copy
 * beside the bundle (electron-vite's out/main, build-server.mjs's out/server), this source file
 * when running from source.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { lowerThreadPriority, runScryptJob, type ScryptRequest, type ScryptWorkerData } from './scrypt-job';

if (!parentPort) throw new Error('scrypt-worker runs as a worker thread (PasswordHasher starts it)');
const port = parentPort;
lowerThreadPriority((workerData as ScryptWorkerData | undefined)?.niceness ?? 0);
port.on('message', (request: ScryptRequest) => port.postMessage(runScryptJob(request)));
