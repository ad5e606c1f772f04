/** The engine worker thread: hosts one in-process engine and relays commands and events. */
import { parentPort, workerData } from 'node:worker_threads';
import { serveEngine } from './serve';
import type { EngineWorkerOptions, ToWorker } from './worker-protocol';

const port = parentPort;
if (!port) throw new Error('worker-entry.ts must run in a worker thread');

serveEngine(workerData as EngineWorkerOptions, {
  post: (message) => port.postMessage(message),
  onMessage: (listener) => port.on('message', (message: ToWorker) => listener(message)),
});
