/**
 * The password hasher's worker (src/main/auth/scrypt-worker.ts) with one difference: it dies on an
 * uncaught error when it is given the password "crash", as a thread that runs out of memory would.
 */
import { parentPort } from 'node:worker_threads';
import { runScryptJob, type ScryptRequest } from '../../src/main/auth/scrypt-job';

const port = parentPort!;
port.on('message', (request: ScryptRequest) => {
  if (request.password === 'crash') throw new Error('boom');
  port.postMessage(runScryptJob(request));
});
