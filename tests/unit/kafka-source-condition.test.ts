/** Who may change the Kafka source's reported state and reason (core/ingest/kafka-source-condition.ts). */
import { describe, expect, it } from 'vitest';
import { SourceCondition } from '../../core/ingest/kafka-source-condition';

function running(): SourceCondition {
  const condition = new SourceCondition();
  condition.set('running', null, null);
  return condition;
}

describe('SourceCondition', () => {
  it('lets the admin poll end a reconnecting it set, but not one the consumer set', () => {
    const byAdmin = running();
    byAdmin.adminFailed('broker 127.0.0.1:9092 unreachable');
    expect(byAdmin.state).toBe('reconnecting');
    byAdmin.adminReachable();
    expect([byAdmin.state, byAdmin.reason]).toEqual(['running', null]);

    const byConsumer = running();
    byConsumer.set('reconnecting', 'consumer crashed: connection refused', 'consumer');
    byConsumer.adminReachable();
    expect([byConsumer.state, byConsumer.reason]).toEqual([
      'reconnecting',
      'consumer crashed: connection refused',
    ]);
  });

  it('does not let a failing admin poll override a state other than running', () => {
    const condition = new SourceCondition();
    condition.set('failed', 'authentication failed', 'consumer');
    condition.adminFailed('broker unreachable');
    expect([condition.state, condition.reason]).toEqual(['failed', 'authentication failed']);
  });

  it('keeps a handler failure as the reason until a batch goes through', () => {
    const condition = running();
    condition.handlerFailed('batch handler failed on logs[0] offsets 5..9');
    expect(condition.state).toBe('running');
    expect(condition.handlerFailure()).toBe('batch handler failed on logs[0] offsets 5..9');
    condition.adminReachable();
    expect(condition.handlerFailure()).not.toBeNull();
    condition.batchDone();
    expect([condition.state, condition.reason, condition.handlerFailure()]).toEqual(['running', null, null]);
  });

  it('reports no handler failure when another party set the reason', () => {
    const condition = running();
    condition.adminFailed('broker unreachable');
    expect(condition.handlerFailure()).toBeNull();
    condition.batchDone();
    expect(condition.state).toBe('running');
  });
});
