/**
 * Produces numbered logs at a steady rate and keeps going through broker outages: what is due
 * but not yet acknowledged stays buffered in this process and is sent again (kafkajs retries each
 * send first; when those run out, the producer is replaced and the same messages go out again).
 * Only acknowledged sends count as produced. Bounded: it never holds more than the `total` logs it
 * was asked for, and gives up at `deadlineMs` (a hang guard, reported, not a timed assertion).
 */
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';

export interface SteadyProduceOptions {
  brokers: string[];
  topic: string;
  /** Logs to produce, numbered 0..total-1. */
  total: number;
  perSecond: number;
  value: (seq: number) => string | Buffer;
  /** Called with the seqs of every acknowledged send. */
  onAcknowledged?: (seqs: readonly number[]) => void;
  /** Largest send; what is due beyond it goes in the next one. Default 2,000. */
  maxBatch?: number;
  /** Give up (and report it) after this long. Default 10 minutes. */
  deadlineMs?: number;
  /** Stop early when this returns true (checked between sends). */
  shouldStop?: () => boolean;
}

export interface SteadyProduceResult {
  acknowledged: number;
  /** Sends that failed even after kafkajs's own retries, and were sent again. */
  failedSends: number;
  /** From the first send to the last acknowledgement. */
  elapsedMs: number;
  /** Longest time without any acknowledgement while logs were due. */
  longestStallMs: number;
  /** Achieved rate over `elapsedMs`. */
  perSecond: number;
  gaveUp: boolean;
}

const TICK_MS = 20;
const RETRY_PAUSE_MS = 500;

function makeProducer(brokers: string[]): Producer {
  const kafka = new Kafka({
    brokers,
    clientId: 'vigil-reliability-producer',
    logLevel: logLevel.NOTHING,
    // Short connect attempts and a handful of retries: when they run out we retry ourselves,
    // with the messages still in hand, rather than let one send block for minutes.
    connectionTimeout: 2000,
    retry: { initialRetryTime: 200, maxRetryTime: 2000, retries: 5 },
  });
  return kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function produceSteadily(options: SteadyProduceOptions): Promise<SteadyProduceResult> {
  const maxBatch = options.maxBatch ?? 2000;
  const deadline = Date.now() + (options.deadlineMs ?? 600_000);
  let producer: Producer | null = null;
  let next = 0;
  let failedSends = 0;
  let lastAckAt = Date.now();
  let longestStallMs = 0;
  const started = Date.now();
  let finished = started;
  let gaveUp = false;

  try {
    while (next < options.total) {
      if (Date.now() > deadline || options.shouldStop?.()) {
        gaveUp = Date.now() > deadline;
        break;
      }
      const due = Math.min(options.total, Math.floor(((Date.now() - started) / 1000) * options.perSecond));
      if (due <= next) {
        await sleep(TICK_MS);
        continue;
      }
      const end = Math.min(due, next + maxBatch);
      const seqs: number[] = [];
      for (let seq = next; seq < end; seq++) seqs.push(seq);
      try {
        if (producer === null) {
          const fresh = makeProducer(options.brokers);
          await fresh.connect();
          producer = fresh;
        }
        await producer.send({
          topic: options.topic,
          acks: -1,
          messages: seqs.map((seq) => ({ value: options.value(seq) })),
        });
      } catch {
        failedSends++;
        const broken = producer;
        producer = null;
        await broken?.disconnect().catch(() => undefined);
        longestStallMs = Math.max(longestStallMs, Date.now() - lastAckAt);
        await sleep(RETRY_PAUSE_MS);
        continue; // the same seqs (and whatever fell due meanwhile) go out next time
      }
      const now = Date.now();
      longestStallMs = Math.max(longestStallMs, now - lastAckAt);
      lastAckAt = now;
      finished = now;
      next = end;
      options.onAcknowledged?.(seqs);
    }
  } finally {
    await producer?.disconnect().catch(() => undefined);
  }
  const elapsedMs = Math.max(1, finished - started);
  return {
    acknowledged: next,
    failedSends,
    elapsedMs,
    longestStallMs,
    perSecond: Math.round(next / (elapsedMs / 1000)),
    gaveUp,
  };
}
