/**
 * The desktop engine runs in an Electron utility process (a separate OS process): a native crash in
 * onnxruntime kills that process, not the window and the tray. core/engine/supervisor.ts restarts it
 * with back-off and shows the crash in health; the headless host keeps its worker thread.
 * The utility process's parentPort is the message channel (Electron's MessagePortMain underneath).
 */
import { join } from 'node:path';
import {
  ENGINE_OPTIONS_VARIABLE,
  type EngineWorkerOptions,
  type FromWorker,
  type ToWorker,
} from '../../core/engine/worker-protocol';
import { SupervisedEngine, type EngineChild } from '../../core/engine/supervisor';

/** What is used of Electron's UtilityProcess (kept small so tests can stand in for it). */
export interface UtilityProcessLike {
  postMessage(message: unknown): void;
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

export function utilityEngineChild(
  fork: ForkUtility,
  options: EngineWorkerOptions,
  dir = __dirname,
): EngineChild {
  const child = fork(join(dir, ENGINE_PROCESS_ENTRY), [], {
    serviceName: 'Vigil engine',
    stdio: 'inherit',
    env: { ...process.env, [ENGINE_OPTIONS_VARIABLE]: JSON.stringify(options) },
  });
  return {
    postMessage: (message: ToWorker) => child.postMessage(message),
    onMessage: (listener) => child.on('message', (message) => listener(message as FromWorker)),
    onExit: (listener) => child.on('exit', (code) => listener(`exit code ${code}`)),
    kill: () => void child.kill(),
  };
}

export function startEngineProcess(
  fork: ForkUtility,
  options: EngineWorkerOptions,
  onCrash: (detail: string) => void = () => undefined,
): Promise<SupervisedEngine> {
  return SupervisedEngine.start({
    spawn: () => utilityEngineChild(fork, options),
    log: (message) => {
      console.error(message);
      if (message.includes('process died')) onCrash(message);
    },
  });
}
