/** The engine worker thread: hosts one in-process engine and relays commands and events. */
import { parentPort, workerData } from 'node:worker_threads';
import { createEngine } from './create';
import { toErrorBody } from './errors';
import type { EngineWorkerOptions, FromWorker, ToWorker } from './worker-protocol';

const port = parentPort;
if (!port) throw new Error('worker-entry.ts must run in a worker thread');
const send = (message: FromWorker): void => port.postMessage(message);

createEngine(workerData as EngineWorkerOptions).then(
  (engine) => {
    engine.onEvents((batch) => send({ type: 'events', batch }));
    port.on('message', (message: ToWorker) => {
      if (message.type === 'close') {
        void engine.close().finally(() => send({ type: 'closed' }));
        return;
      }
      // The engine validates `name` and `request` itself; the cast only satisfies the signature.
      engine.call(message.name as 'engine:status', message.request as Record<string, never>).then(
        (value) => send({ type: 'result', id: message.id, ok: true, value }),
        (error: unknown) => send({ type: 'result', id: message.id, ok: false, error: toErrorBody(error) }),
      );
    });
    send({ type: 'ready' });
  },
  (error: unknown) =>
    send({ type: 'fatal', message: error instanceof Error ? error.message : String(error) }),
);
