/**
 * The engine side of an out-of-thread engine: creates one in-process engine and relays commands,
 * results and event batches over a message channel (a worker thread's parentPort, an Electron
 * utility process's parentPort, or a forked child's IPC channel).
 */
import type { EngineClient } from './client';
import { createEngine } from './create';
import { toErrorBody } from './errors';
import type { EngineWorkerOptions, FromWorker, ToWorker } from './worker-protocol';

export interface ParentChannel {
  post(message: FromWorker): void;
  onMessage(listener: (message: ToWorker) => void): void;
}

export function serveEngine(
  options: EngineWorkerOptions,
  parent: ParentChannel,
  create: (options: EngineWorkerOptions) => Promise<EngineClient> = createEngine,
): void {
  create(options).then(
    (engine) => {
      engine.onEvents((batch) => parent.post({ type: 'events', batch }));
      parent.onMessage((message) => {
        if (message.type === 'close') {
          void engine.close().finally(() => parent.post({ type: 'closed' }));
          return;
        }
        // The engine validates `name` and `request` itself; the cast only satisfies the signature.
        engine.call(message.name as 'engine:status', message.request as Record<string, never>).then(
          (value) => parent.post({ type: 'result', id: message.id, ok: true, value }),
          (error: unknown) =>
            parent.post({ type: 'result', id: message.id, ok: false, error: toErrorBody(error) }),
        );
      });
      parent.post({ type: 'ready' });
    },
    (error: unknown) =>
      parent.post({ type: 'fatal', message: error instanceof Error ? error.message : String(error) }),
  );
}
