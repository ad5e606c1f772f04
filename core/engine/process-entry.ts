/**
 * The engine in its own OS process: an Electron utility process on the desktop (a native crash in
 * onnxruntime then kills this process, not the app), or a child_process.fork in tests. The options
 * arrive as JSON in the environment (ENGINE_OPTIONS_VARIABLE: argv differs between a utility process
 * and a fork); messages use the utility process's parentPort or the fork's IPC channel.
 */
import { serveEngine, type ParentChannel } from './serve';
import { ENGINE_OPTIONS_VARIABLE, type EngineWorkerOptions, type ToWorker } from './worker-protocol';

interface UtilityParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

function parentChannel(): ParentChannel {
  // Electron sets process.parentPort in a utility process; no import of electron is needed.
  const utility = (process as unknown as { parentPort?: UtilityParentPort }).parentPort;
  if (utility) {
    return {
      post: (message) => utility.postMessage(message),
      onMessage: (listener) => utility.on('message', (event) => listener(event.data as ToWorker)),
    };
  }
  const send = process.send?.bind(process);
  if (!send) throw new Error('process-entry must run in a utility process or a forked child');
  // The parent is gone: nobody can read or stop this engine any more.
  process.on('disconnect', () => process.exit(0));
  return {
    post: (message) => void send(message),
    onMessage: (listener) => process.on('message', (message) => listener(message as ToWorker)),
  };
}

serveEngine(JSON.parse(process.env[ENGINE_OPTIONS_VARIABLE] ?? '{}') as EngineWorkerOptions, parentChannel());
