/** A TypeScript worker thread module for tests/auth/worker-module.test.ts: answers once with what the thread was started with. */
import { parentPort, workerData } from 'node:worker_threads';

interface Echo {
  workerData: unknown;
  language: string;
}
const echo: Echo = { workerData, language: 'typescript' };
parentPort!.postMessage(echo);
