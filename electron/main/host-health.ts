/**
 * Problems of the desktop host itself that belong in health next to the engine's own: today,
 * native notifications the OS refuses (macOS without a signed app, notifications disabled). The
 * engine cannot see them, so the host adds its reasons to every status that reaches the window
 * (events and command responses) and lifts a healthy verdict to degraded while any is present.
 */
import type {
  CommandName,
  CommandRequest,
  CommandResponse,
  EngineStatus,
  EventBatch,
} from '../../core/contract';
import type { EngineClient } from '../../core/engine/client';

export class HostHealth {
  private readonly reasons = new Map<string, string>();

  /** Sets (or, with null, clears) the reason kept under `key`. */
  set(key: string, reason: string | null): void {
    if (reason === null) this.reasons.delete(key);
    else this.reasons.set(key, reason);
  }

  annotate(status: EngineStatus): EngineStatus {
    if (this.reasons.size === 0) return status;
    return {
      ...status,
      health: {
        status: status.health.status === 'healthy' ? 'degraded' : status.health.status,
        reasons: [...status.health.reasons, ...this.reasons.values()],
      },
    };
  }

  annotateBatch(batch: EventBatch): EventBatch {
    if (this.reasons.size === 0) return batch;
    return {
      ...batch,
      events: batch.events.map((e) => (e.type === 'status' ? { ...e, status: this.annotate(e.status) } : e)),
    };
  }
}

const STATUS_COMMANDS = new Set<CommandName>(['engine:status', 'engine:start', 'engine:stop']);

/** The engine as the window sees it: the same client, with the host's reasons in every status. */
export function withHostHealth(engine: EngineClient, health: HostHealth): EngineClient {
  return {
    call<C extends CommandName>(name: C, request: CommandRequest<C>): Promise<CommandResponse<C>> {
      const answer = engine.call(name, request);
      return STATUS_COMMANDS.has(name)
        ? (answer.then((status) => health.annotate(status as EngineStatus)) as Promise<CommandResponse<C>>)
        : answer;
    },
    onEvents: (listener) => engine.onEvents((batch) => listener(health.annotateBatch(batch))),
    close: () => engine.close(),
  };
}
