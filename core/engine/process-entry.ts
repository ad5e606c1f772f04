/**
 * The engine in its own OS process: an Electron utility process on the desktop (a native crash in
 * onnxruntime then kills this process, not the app), or a child_process.fork in tests. The options
 * arrive as JSON in the environment (ENGINE_OPTIONS_VARIABLE: argv differs between a utility process
 * and a fork); messages use the utility process's parentPort or the fork's IPC channel.
 */
import { serveEngine, type ParentChannel } from './serve';
import { ENGINE_OPTIONS_VARIABLE, type EngineWorkerOptions, type ToWorker } from './worker-protocol';

interface Port {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown; ports: Port[] }) => void): void;
  start(): void;
}
interface UtilityParentPort {
  once(event: 'message', listener: (event: { data: unknown; ports: Port[] }) => void): void;
}

/**
 * A utility process: the parent transfers a MessageChannelMain port with its first message
 * (electron/main/engine-process.ts); what the engine says before it arrives ('ready', 'fatal')
 * waits in a queue of at most a few messages.
 */
function utilityChannel(parentPort: UtilityParentPort): ParentChannel {
  let port: Port | null = null;
  let listener: ((message: ToWorker) => void) | null = null;
  const early: unknown[] = [];
  parentPort.once('message', (event) => {
    const received = event.ports[0];
    if (!received) throw new Error('the engine process expected a MessagePort with its first message');
    port = received;
    received.on('message', (e) => listener?.(e.data as ToWorker));
    received.start();
    for (const message of early.splice(0)) received.postMessage(message);
  });
  return {
    post: (message) => (port ? port.postMessage(message) : void early.push(message)),
    onMessage: (l) => (listener = l),
  };
}

function parentChannel(): ParentChannel {
  // Electron sets process.parentPort in a utility process; no import of electron is needed.
  const utility = (process as unknown as { parentPort?: UtilityParentPort }).parentPort;
  if (utility) return utilityChannel(utility);
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
