/**
 * How every host (Electron main, the headless server, tests) talks to an engine, whether it runs
 * in-process or in a worker thread. Requests and responses are the contract's command map.
 */
import type { CommandName, CommandRequest, CommandResponse, EventBatch } from '../contract';

export interface EngineClient {
  call<C extends CommandName>(name: C, request: CommandRequest<C>): Promise<CommandResponse<C>>;
  /** Subscribes to event batches; returns the unsubscribe function. */
  onEvents(listener: (batch: EventBatch) => void): () => void;
  /** Stops processing (committing what was analyzed) and releases the engine. */
  close(): Promise<void>;
}
