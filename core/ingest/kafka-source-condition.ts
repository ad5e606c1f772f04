/**
 * What the Kafka source reports as its state and reason, and who may change it. Three parties
 * report trouble: the consumer (crashes, kafkajs retries), the admin poll (lag polls and topic
 * refreshes, which notice a lost broker sooner) and the batch handler (the engine). Each may clear
 * only what it is entitled to: the admin poll only a `reconnecting` it set itself, and a handler
 * failure stays the reason until a batch goes through or the consumer crashes on it.
 */
import type { SourceState } from './source';

/** Who set the current reason. */
export type ReasonSource = 'consumer' | 'admin' | 'handler' | null;

export class SourceCondition {
  state: SourceState = 'stopped';
  reason: string | null = null;
  private reasonSource: ReasonSource = null;

  set(state: SourceState, reason: string | null, source: ReasonSource): void {
    this.state = state;
    this.reason = reason;
    this.reasonSource = reason === null ? null : source;
  }

  /** A batch handler failed: kafkajs retries the batch, so the state stays and the reason says why. */
  handlerFailed(reason: string): void {
    this.reason = reason;
    this.reasonSource = 'handler';
  }

  /** The current reason when a batch handler set it; a crash that follows is that failure. */
  handlerFailure(): string | null {
    return this.reasonSource === 'handler' ? this.reason : null;
  }

  /** A batch was analyzed and committed: running, and any handler failure is over. */
  batchDone(): void {
    if (this.state !== 'running' || this.reasonSource === 'handler') this.set('running', null, null);
  }

  /** The admin poll reached the broker: it ends a `reconnecting` only if it had set it. */
  adminReachable(): void {
    if (this.state === 'reconnecting' && this.reasonSource === 'admin') this.set('running', null, null);
  }

  /** The admin poll failed: the consumer notices a lost broker too, but only once its retries run out. */
  adminFailed(reason: string): void {
    if (this.state === 'running') this.set('reconnecting', reason, 'admin');
  }
}
