/**
 * Runs the engine in a worker thread so that the host's event loop (Electron main, the HTTP
 * server) stays responsive while the engine analyzes at full rate. The client speaks the same
 * `EngineClient` interface as the in-process engine.
 */
import type { Worker } from 'node:worker_threads';
import type { CommandName, CommandRequest, CommandResponse, EventBatch } from '../contract';
import { startWorker } from '../paths';
import type { EngineClient } from './client';
import { EngineError, type EngineErrorCode } from './errors';
import type { EngineWorkerOptions, FromWorker, ToWorker } from './worker-protocol';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** The worker: engine-worker.js beside this bundle, or worker-entry.ts through tsx (core/paths.ts). */
function spawnWorker(options: EngineWorkerOptions): Worker {
  // A standalone engine thread's channel to the main engine moves with it (issue 19).
  const transferList = options.standaloneWorker === undefined ? [] : [options.standaloneWorker.port];
  return startWorker(__dirname, 'engine-worker.js', 'worker-entry.ts', { workerData: options, transferList });
}

export async function startEngineWorker(options: EngineWorkerOptions): Promise<EngineClient> {
  const worker = spawnWorker(options);
  const pending = new Map<number, Pending>();
  const listeners = new Set<(batch: EventBatch) => void>();
  let nextId = 1;
  let exited = false;
  let closed: (() => void) | null = null;
  let closing: Promise<void> | null = null;

  const failAll = (message: string): void => {
    for (const p of pending.values()) p.reject(new EngineError('unavailable', message));
    pending.clear();
  };

  await new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', function onFirst(message: FromWorker) {
      if (message.type === 'ready') {
        worker.off('message', onFirst);
        worker.off('error', reject);
        resolve();
      } else if (message.type === 'fatal') {
        reject(new Error(`engine worker failed to start: ${message.message}`));
      }
    });
  });

  worker.on('message', (message: FromWorker) => {
    switch (message.type) {
      case 'result': {
        const p = pending.get(message.id);
        pending.delete(message.id);
        if (!p) return;
        if (message.ok) p.resolve(message.value);
        else p.reject(new EngineError(message.error.code as EngineErrorCode, message.error.message));
        return;
      }
      case 'events':
        for (const listener of listeners) {
          try {
            listener(message.batch);
          } catch (error) {
            // One failing listener (a closed window) must neither crash the host nor starve the others.
            console.error(
              `[engine] event listener failed: ${error instanceof Error ? error.message : String(error)}`,
            );
          }
        }
        return;
      case 'closed':
        closed?.();
        return;
      case 'fatal':
        console.error(`[engine] worker reported a fatal error: ${message.message}`);
        return;
      default:
        return;
    }
  });
  worker.on('error', (error) => {
    console.error(`[engine] worker error: ${error.message}`);
    failAll(`engine worker crashed: ${error.message}`);
  });
  worker.on('exit', (code) => {
    exited = true;
    failAll(`engine worker exited (code ${code})`);
    closed?.();
  });

  return {
    call<C extends CommandName>(name: C, request: CommandRequest<C>): Promise<CommandResponse<C>> {
      if (exited) return Promise.reject(new EngineError('unavailable', 'engine worker is not running'));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        const message: ToWorker = { type: 'call', id, name, request };
        try {
          worker.postMessage(message);
        } catch (error) {
          // A request the structured clone cannot copy (e.g. nested thousands deep) is refused, not left pending.
          pending.delete(id);
          reject(
            new EngineError(
              'invalid_request',
              `request cannot be passed to the engine: ${(error as Error).message}`,
            ),
          );
        }
      });
    },
    onEvents(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      if (exited) return Promise.resolve();
      // Every caller waits for the same shutdown; a second close() must not orphan the first.
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          closed = resolve;
          const message: ToWorker = { type: 'close' };
          worker.postMessage(message);
        });
        await worker.terminate();
      })();
      return closing;
    },
  };
}
