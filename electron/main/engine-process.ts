/**
 * The desktop engine runs in an Electron utility process (a separate OS process): a native crash in
 * onnxruntime kills that process, not the window and the tray. core/engine/supervisor.ts restarts it
 * with back-off and shows the crash in health; the headless host keeps its worker thread.
 * Commands, results and events travel over a dedicated MessageChannelMain: one port is transferred
 * to the child with the first message on its parentPort (core/engine/process-entry.ts).
 */
import { join } from 'node:path';
import {
  ENGINE_OPTIONS_VARIABLE,
  type EngineWorkerOptions,
  type FromWorker,
  type ToWorker,
} from '../../core/engine/worker-protocol';
import { SupervisedEngine, type EngineChild } from '../../core/engine/supervisor';

/** What is used of Electron's MessagePortMain. */
export interface PortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  start(): void;
  close(): void;
}

/** Electron's `new MessageChannelMain()`. */
export type CreateChannel = () => { port1: PortLike; port2: PortLike };

/** What is used of Electron's UtilityProcess (kept small so tests can stand in for it). */
export interface UtilityProcessLike {
  postMessage(message: unknown, transfer?: PortLike[]): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

export type ForkUtility = (
  modulePath: string,
  args: string[],
  options: { serviceName: string; stdio: 'inherit'; env: NodeJS.ProcessEnv },
) => UtilityProcessLike;

/** The bundled entry electron-vite writes beside out/main/index.js (electron.vite.config.ts). */
export const ENGINE_PROCESS_ENTRY = 'engine-process.js';

/** The first message on the utility process's parentPort: it carries the engine's port. */
export const PORT_HANDOVER = { type: 'vigil:engine-port' } as const;

export function utilityEngineChild(
  fork: ForkUtility,
  createChannel: CreateChannel,
  options: EngineWorkerOptions,
  dir = __dirname,
): EngineChild {
  const child = fork(join(dir, ENGINE_PROCESS_ENTRY), [], {
    serviceName: 'Vigil engine',
    stdio: 'inherit',
    env: { ...process.env, [ENGINE_OPTIONS_VARIABLE]: JSON.stringify(options) },
  });
  const { port1, port2 } = createChannel();
  child.postMessage(PORT_HANDOVER, [port1]);
  child.on('exit', () => port2.close());
  return {
    postMessage: (message: ToWorker) => port2.postMessage(message),
    onMessage: (listener) => {
      port2.on('message', (event) => listener(event.data as FromWorker));
      // Messages wait in the port until it is started, so none is lost before the listener exists.
      port2.start();
    },
    onExit: (listener) => child.on('exit', (code) => listener(`exit code ${code}`)),
    kill: () => void child.kill(),
  };
}

export function startEngineProcess(
  fork: ForkUtility,
  createChannel: CreateChannel,
  options: EngineWorkerOptions,
  onCrash: (detail: string) => void = () => undefined,
): Promise<SupervisedEngine> {
  return SupervisedEngine.start({
    spawn: () => utilityEngineChild(fork, createChannel, options),
    log: (message) => {
      console.error(message);
      if (message.includes('process died')) onCrash(message);
    },
  });
}
