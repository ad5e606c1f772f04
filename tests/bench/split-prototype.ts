/**
 * `npm run bench -- split` (not part of the default run): would giving kafkajs its own thread help?
 *
 * Measured side by side on one pre-filled topic: the engine as shipped (kafkajs and analysis on one
 * thread, tests/bench/pipeline.ts) against a prototype where the consuming thread only decodes and
 * packs batches (split/packed-batch.ts) and a worker analyzes them (split/engine-thread.ts), with up
 * to `WINDOW` sub-batches in flight. The prototype commits no offsets, so it is an upper bound for a
 * real split. On the 2-core machine this project runs on, where the broker shares the cores, it
 * showed no gain; that measurement is why the engine keeps one thread.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Kafka } from 'kafkajs';
import { createTopic, kafkaClient, prefill } from './kafka-bench-data';
import { pipelineRate } from './pipeline';
import { packBatch } from './split/packed-batch';

const SUB_BATCH = 2000;
const WINDOW = 4;

type Reply = { ready: true } | { ack: number } | { failed: string } | { closed: true };

async function splitRate(kafka: Kafka, topic: string, total: number): Promise<number> {
  const entry = join(__dirname, 'split', 'engine-thread.ts');
  const worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(entry)});`, { eval: true });
  const replies: ((reply: Reply) => void)[] = [];
  worker.on('message', (reply: Reply) => replies.forEach((listener) => listener(reply)));
  const next = (wanted: (reply: Reply) => boolean): Promise<Reply> =>
    new Promise((resolve) => {
      const listener = (reply: Reply): void => {
        if (!wanted(reply)) return;
        replies.splice(replies.indexOf(listener), 1);
        resolve(reply);
      };
      replies.push(listener);
    });
  await next((r) => 'ready' in r);

  let inFlight = 0;
  let acked = 0;
  let first = 0;
  let last = 0;
  let failure: string | null = null;
  const waiting: (() => void)[] = [];
  let settle: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (settle = resolve));
  replies.push((reply) => {
    if ('failed' in reply) {
      failure = reply.failed;
      settle();
    }
    if (!('ack' in reply)) return;
    acked += reply.ack;
    inFlight--;
    waiting.shift()?.();
    if (acked >= total) {
      last = Date.now();
      settle();
    }
  });
  const deadline = setTimeout(() => {
    failure ??= `the split prototype analyzed only ${acked} of ${total} in 10 min`;
    settle();
  }, 600_000);

  const consumer = kafka.consumer({ groupId: `split-${Date.now()}`, maxBytes: 10 * 1024 * 1024 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatch: async (payload) => {
      const { batch } = payload;
      if (first === 0) first = Date.now();
      for (let at = 0; at < batch.messages.length && failure === null; at += SUB_BATCH) {
        while (inFlight >= WINDOW) await new Promise<void>((resolve) => waiting.push(resolve));
        const packed = packBatch(batch.topic, batch.partition, batch.messages.slice(at, at + SUB_BATCH));
        inFlight++;
        worker.postMessage(packed, [packed.bytes]);
      }
      const lastMessage = batch.messages[batch.messages.length - 1];
      if (lastMessage) payload.resolveOffset(lastMessage.offset);
    },
  });
  await done;
  clearTimeout(deadline);
  waiting.splice(0).forEach((wake) => wake()); // a batch held by the window must not block disconnect
  await consumer.disconnect();
  worker.postMessage('close');
  await next((r) => 'closed' in r);
  await worker.terminate();
  if (failure !== null) throw new Error(failure);
  return Math.round(total / ((last - first) / 1000));
}

export async function benchSplitPrototype(
  brokers: string[],
  total = 300_000,
): Promise<Record<string, unknown>> {
  const kafka = kafkaClient(brokers, 'vigil-bench-split');
  const topic = `bench-split-${Date.now()}`;
  await createTopic(kafka, topic);
  await prefill(kafka, topic, total);
  const inProcess = await pipelineRate(brokers, topic, total, () => null);
  const split = await splitRate(kafka, topic, total);
  return {
    bench: 'split-prototype',
    messages: total,
    inProcessPerSecond: inProcess.rate,
    splitPerSecond: split,
    splitOverInProcess: Number((split / Number(inProcess.rate)).toFixed(3)),
    note: 'the split commits nothing: an upper bound for a real one',
  };
}
