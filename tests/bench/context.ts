/**
 * `npm run bench -- context`: alert context and time travel against the real broker, with
 * 1,000,000 messages on the partition (Loghub lines, tests/bench/kafka-bench-data.ts). Each read is
 * what `alerts:context` does after finding the sample: connect outside any group, read the offsets
 * around a random anchor, analyze them with the real models, disconnect. Printed side by side in
 * this one run: the read alone (analysis replaced by a pass-through) and the full answer, for the
 * default window (50 + 1 + 50) and the largest (500 + 1 + 500), time travel at a random time, and
 * the same default window read the public kafkajs way (a consumer in a throwaway group), which the
 * cluster client replaces (core/ingest/kafka-cluster.ts says why).
 * Target: context p95 ≤ 500 ms (issue 18).
 */
import { KafkaConfig, type ContextLog } from '../../core/contract';
import { Analyzer } from '../../core/engine/analyzer';
import { analyzeRawMessages } from '../../core/engine/context-analysis';
import type { AnalyzeRaw } from '../../core/engine/context-reader';
import { KafkaContextReader } from '../../core/engine/kafka-context-reader';
import { openModelPort } from '../../core/engine/model-port-impl';
import type { RawMessage } from '../../core/ingest/source';
import { defaultModelsDir } from '../../core/paths';
import { benchLines, createTopic, kafkaClient } from './kafka-bench-data';

const MESSAGES = 1_000_000;
const READS = 40;
const TARGET_P95_MS = 500;

function percentiles(ms: number[]): { p50: number; p95: number; max: number } {
  const sorted = ms.slice().sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { p50: Math.round(at(0.5)), p95: Math.round(at(0.95)), max: Math.round(sorted.at(-1)!) };
}

/** Fills the partition in requests of 1,000 lines (the broker's 1 MB message limit), 8 in flight. */
async function fill(brokers: string[], topic: string): Promise<number> {
  const lines = benchLines();
  const producer = kafkaClient(brokers, 'vigil-bench-context-fill').producer({
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  const started = Date.now();
  try {
    const inFlight: Promise<unknown>[] = [];
    for (let sent = 0; sent < MESSAGES; sent += 1000) {
      const messages = Array.from({ length: 1000 }, (_, j) => ({ value: lines[(sent + j) % lines.length]! }));
      inFlight.push(producer.send({ topic, acks: 1, messages }));
      if (inFlight.length >= 8) await inFlight.shift();
    }
    await Promise.all(inFlight);
  } finally {
    await producer.disconnect();
  }
  return Math.round(MESSAGES / ((Date.now() - started) / 1000));
}

const passThrough: AnalyzeRaw = (raw: readonly RawMessage[]) =>
  Promise.resolve(
    raw.map((m): ContextLog => ({
      topic: m.topic,
      partition: m.partition,
      offset: m.offset,
      timestamp: m.timestamp,
      value: '',
      valueTruncated: false,
      record: null,
      analysis: null,
      issue: null,
    })),
  );

/** A deterministic sequence of anchors spread over the whole partition. */
function anchors(n: number): number[] {
  let seed = 42;
  return Array.from({ length: n }, () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed % MESSAGES;
  });
}

async function timeReads(
  reader: KafkaContextReader,
  topic: string,
  side: number,
): Promise<{ p50: number; p95: number; max: number; logsPerRead: number }> {
  const ms: number[] = [];
  let logs = 0;
  for (const offset of anchors(READS)) {
    const started = performance.now();
    const answer = await reader.around({ topic, partition: 0, offset: String(offset) }, side, side);
    ms.push(performance.now() - started);
    logs += answer.logs.length;
    if (answer.partial !== undefined) throw new Error(`read at ${offset} hit the deadline`);
  }
  return { ...percentiles(ms), logsPerRead: Math.round(logs / READS) };
}

/**
 * The public kafkajs way, for comparison: a consumer in a throwaway group, `seek`, autoCommit off,
 * until the window is read. Timed from connect to the last message (leaving the group not counted).
 * The test broker sets `group.initial.rebalance.delay.ms` to 0; a broker with the default adds 3 s.
 */
async function groupRead(brokers: string[], topic: string, offset: number, side: number): Promise<number> {
  const from = Math.max(0, offset - side);
  const last = Math.min(MESSAGES - 1, offset + side);
  const consumer = kafkaClient(brokers, 'vigil-bench-context-group').consumer({
    groupId: `bench-context-${Date.now().toString(36)}-${offset}`,
    maxWaitTimeInMs: 100,
  });
  const started = performance.now();
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic] });
    let done: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (done = resolve));
    await consumer.run({
      autoCommit: false,
      // eslint-disable-next-line @typescript-eslint/require-await -- kafkajs wants a promise
      eachBatch: async ({ batch }) => {
        if (Number(batch.lastOffset()) >= last) done();
      },
    });
    consumer.seek({ topic, partition: 0, offset: String(from) });
    await finished;
    return performance.now() - started;
  } finally {
    await consumer.disconnect();
  }
}

export async function benchContext(brokers: string[]): Promise<Record<string, unknown>> {
  const kafka = kafkaClient(brokers, 'vigil-bench-context');
  const topic = `bench-context-${Date.now().toString(36)}`;
  await createTopic(kafka, topic, 1);
  const producedPerSecond = await fill(brokers, topic);
  const config = KafkaConfig.parse({ brokers });
  const models = await openModelPort(defaultModelsDir());
  const analyzer = new Analyzer(models);
  const analyze: AnalyzeRaw = (raw) => analyzeRawMessages(raw, analyzer);
  try {
    const readOnly = new KafkaContextReader(config, passThrough);
    const full = new KafkaContextReader(config, analyze);
    const figures = {
      readOnly50: await timeReads(readOnly, topic, 50),
      context50: await timeReads(full, topic, 50),
      readOnly500: await timeReads(readOnly, topic, 500),
      context500: await timeReads(full, topic, 500),
    };
    const groupMs: number[] = [];
    for (const offset of anchors(8)) groupMs.push(await groupRead(brokers, topic, offset, 50));
    const travelMs: number[] = [];
    const now = Date.now();
    for (let i = 0; i < 10; i++) {
      const started = performance.now();
      await full.messages({ topic, at: now - 60_000 * (i + 1), limit: 100 });
      travelMs.push(performance.now() - started);
    }
    return {
      bench: 'context',
      messagesOnPartition: MESSAGES,
      producedPerSecond,
      readsEach: READS,
      classifiedBy: models.unavailableReason() === null ? 'model' : 'rules',
      ...figures,
      timeTravel100: percentiles(travelMs),
      throwawayGroupRead50: { ...percentiles(groupMs), reads: groupMs.length },
      target: { contextP95Ms: TARGET_P95_MS },
      pass: figures.context50.p95 <= TARGET_P95_MS,
    };
  } finally {
    await models.close();
  }
}
