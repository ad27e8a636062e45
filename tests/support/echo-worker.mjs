// A worker thread module for tests/auth/worker-module.test.ts: answers once with what the thread
// was started with.
import { parentPort, workerData } from 'node:worker_threads';

parentPort.postMessage({ workerData, execArgv: process.execArgv, language: 'javascript' });
