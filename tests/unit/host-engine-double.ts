/**
 * An engine test double for the headless host's unit tests: the host tests are about HTTP and
 * WebSocket handling (auth, validation, status codes, mapping to engine commands), not analysis,
 * so the engine only records what it was asked and answers canned values.
 */
import type { CommandName, EngineStatus, EventBatch } from '../../core/contract';
import type { EngineClient } from '../../core/engine/client';
import { makeStatus } from './engine-fixtures';

/** A contract-valid status of an idle engine: every figure zero, unless overridden. */
export function engineStatus(overrides: Partial<EngineStatus> = {}): EngineStatus {
  return { ...makeStatus(), ...overrides };
}

/** The SASL password of `kafkaConfigWithPassword`: a test of redaction looks for it in what it got. */
export const PASSWORD = 'hunter2';

/** A running engine's Kafka configuration that holds a password, as the engine would hand it out. */
export function kafkaConfigWithPassword(): NonNullable<EngineStatus['config']> {
  return {
    source: 'kafka',
    kafka: {
      brokers: ['b:9092'],
      clientId: 'vigil',
      groupId: 'vigil',
      topics: ['logs'],
      topicPattern: null,
      fromBeginning: false,
      sasl: { mechanism: 'plain', username: 'u', password: PASSWORD },
      tls: null,
    },
  };
}

/** Records every call; answers from `responses` or throws what `failures` names. */
export class RecordingEngine implements EngineClient {
  calls: { name: CommandName; request: unknown }[] = [];
  responses: Partial<Record<CommandName, unknown>> = {};
  failures: Partial<Record<CommandName, Error>> = {};
  call(name: CommandName, request: unknown): Promise<never> {
    this.calls.push({ name, request });
    const failure = this.failures[name];
    if (failure) return Promise.reject(failure);
    const response = this.responses[name] ?? (name.startsWith('engine:') ? engineStatus() : {});
    return Promise.resolve(response as never);
  }
  onEvents(_listener: (batch: EventBatch) => void): () => void {
    return () => {};
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}
