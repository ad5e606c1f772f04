/** The engine worker thread: hosts one in-process engine and relays commands and events. */
import { parentPort, workerData } from 'node:worker_threads';
import { serveEngine } from './serve';
import type { EngineWorkerOptions, ToWorker } from './worker-protocol';
import { createStandaloneWorker } from './standalone-workers/standalone-worker';
import { createAnalyzerWorker } from './workers/analyzer-worker';

const port = parentPort;
if (!port) throw new Error('worker-entry.ts must run in a worker thread');

const options = workerData as EngineWorkerOptions;
serveEngine(
  options,
  {
    post: (message) => port.postMessage(message),
    onMessage: (listener) => port.on('message', (message: ToWorker) => listener(message)),
  },
  // One of an analyzer's or a standalone engine's threads, or the whole engine.
  options.analyzerWorker !== undefined
    ? createAnalyzerWorker
    : options.standaloneWorker !== undefined
      ? createStandaloneWorker
      : undefined,
);
