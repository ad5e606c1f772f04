/**
 * A standalone engine thread's evidence publisher (issue 19, docs/scaling.md "Standalone on every
 * core"): the shape of the cluster's EvidencePublisher (collect / commit / discard / assigned), but
 * over a MessagePort to the main engine instead of Kafka transactions (a standalone desktop creates
 * no topics on the user's cluster). For each handled batch it sends the batch's evidence and offsets,
 * waits (bounded) for the main engine to have folded and journaled them, and only then commits the
 * batch's offsets with the consumer's own commit. A batch the main engine had applied already (or
 * that overlaps applied logs) is refused: not committed, and fetched again from the applied offset.
 */
import type { MessagePort } from 'node:worker_threads';
import type { Alert } from '../../contract';
import type { Evidence } from '../../cluster/evidence';
import { EvidenceTracker } from '../../cluster/evidence-tracker';
import type { BatchRefused } from '../../ingest/kafka-source-options';
import { MainAnswer, type ThreadMessage } from './protocol';

/** How long a thread waits for the main engine's answer before it fails the batch (fetched again). */
export const ACK_TIMEOUT_MS = 30_000;

export class PortEvidencePublisher {
  /** `refused`: batches the main engine had applied already; `timeouts`: answers that never came. */
  readonly counters = { batches: 0, evidence: 0, refused: 0, dropped: 0, timeouts: 0, invalid: 0 };
  private readonly tracker = new EvidenceTracker();
  private pending: Evidence[] = [];
  private nextId = 1;
  private readonly waiting = new Map<number, (answer: MainAnswer) => void>();

  constructor(
    private readonly port: MessagePort,
    private readonly ackTimeoutMs = ACK_TIMEOUT_MS,
  ) {
    port.on('message', (message: unknown) => this.answered(message));
  }

  /** The engine's alerts changed (EngineOptions.onAlertsChanged): their gains since the last batch. */
  collect(changed: readonly Alert[]): void {
    this.pending.push(...this.tracker.take(changed));
  }

  /** A batch dropped uncommitted (its partition moved): its evidence is the new owner's to count. */
  discard = (): void => {
    this.pending = [];
    this.counters.dropped++;
  };

  /** Nothing to release per partition (no producers): kept for the publisher's shape. */
  assigned = (): void => undefined;

  /** Sends a message to the main engine that needs no answer (the live tail). */
  /** `transfer`: buffers that move to the main engine instead of being copied. */
  post(message: ThreadMessage, transfer: ArrayBuffer[] = []): void {
    this.port.postMessage(message, transfer);
  }

  /** The source's commit of the batch in hand (KafkaSourceOptions.commitBatch). */
  commit = async (
    topic: string,
    partition: number,
    nextOffset: string,
    fetchedOffset: string,
    commitOwn?: () => Promise<void>,
  ): Promise<BatchRefused | undefined> => {
    if (commitOwn === undefined) throw new Error('a standalone thread commits with the consumer');
    const evidence = this.pending;
    this.pending = [];
    const id = this.nextId++;
    const answer = await this.ask(id, {
      type: 'evidence',
      id,
      topic,
      partition,
      nextOffset,
      fetchedOffset,
      evidence,
    });
    if (answer.outcome === 'failed')
      throw new Error(`the main engine did not apply the batch: ${answer.reason}`);
    if (answer.outcome !== 'applied') {
      this.counters.refused++;
      return { refused: 'realigned', seekTo: answer.seekTo };
    }
    await commitOwn();
    this.counters.batches++;
    this.counters.evidence += evidence.length;
    return undefined;
  };

  private ask(id: number, message: ThreadMessage): Promise<MainAnswer> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        this.counters.timeouts++;
        // Not committed: the batch is fetched again; if the main engine applied it meanwhile, the
        // retry is refused as a duplicate, so it is never counted twice.
        reject(new Error(`the main engine did not answer within ${this.ackTimeoutMs} ms`));
      }, this.ackTimeoutMs);
      this.waiting.set(id, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
      this.port.postMessage(message);
    });
  }

  private answered(message: unknown): void {
    const parsed = MainAnswer.safeParse(message);
    if (!parsed.success) {
      this.counters.invalid++;
      return;
    }
    const resolve = this.waiting.get(parsed.data.id);
    this.waiting.delete(parsed.data.id);
    resolve?.(parsed.data);
  }
}
