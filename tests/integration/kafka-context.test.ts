/**
 * Kafka as the record of what happened (issue 18), against the real broker:
 *  - every alert sample carries its Kafka position, and `alerts:context` returns exactly the
 *    neighbouring offsets, the anchor being the message the sample was taken from;
 *  - `topics:messages` at a time returns, per partition, the first message at or after that time
 *    (Kafka offsets-for-times), merged in time order;
 *  - offsets deleted by retention are reported in the answer, not as a failure.
 * The logs are Loghub's OpenSSH sample (real sshd output), so alerts really fire on them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertContext, TopicMessages, type Alert, type ContextLog } from '../../core/contract';
import { createEngine } from '../../core/engine/create';
import { KafkaContextReader } from '../../core/engine/kafka-context-reader';
import { KafkaConfig } from '../../core/contract';
import { testBrokers } from '../harness/brokers';
import { createTopics, eventually, uniqueName, withAdmin, withProducer } from '../harness/kafka-fixtures';
import { rawLines } from '../fixtures/loghub';

const brokers = testBrokers();
const LINES = rawLines('OpenSSH').slice(0, 400);
const offsetsOf = (logs: ContextLog[]) => logs.map((l) => Number(l.offset));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('alert context read from Kafka', () => {
  const topic = uniqueName('ctx');
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-ctx-it-'));
  let client: Awaited<ReturnType<typeof createEngine>>;
  let alerts: Alert[] = [];

  beforeAll(async () => {
    await createTopics(brokers, [topic], 1);
    await withProducer(brokers, async (producer) => {
      for (let i = 0; i < LINES.length; i += 100)
        await producer.send({ topic, messages: LINES.slice(i, i + 100).map((value) => ({ value })) });
    });
    client = await createEngine({ dataDir, engine: { tickMs: 200 } });
    await client.call('engine:start', {
      source: 'kafka',
      kafka: { brokers, topics: [topic], groupId: uniqueName('ctx-group'), fromBeginning: true },
    });
    await eventually(
      `all ${LINES.length} logs processed`,
      async () => (await client.call('engine:status', {})).stats.processed >= LINES.length,
      60_000,
    );
    alerts = (await client.call('alerts:list', {})).alerts;
  }, 120_000);

  afterAll(async () => {
    await client?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps a Kafka position, time and host for every sample, parallel to the samples', () => {
    expect(alerts.length).toBeGreaterThan(0);
    for (const alert of alerts) {
      expect(alert.sampleRefs, alert.title).toBeDefined();
      expect(alert.sampleRefs!.length, alert.title).toBe(alert.samples.length);
      for (const ref of alert.sampleRefs!) {
        expect(ref.topic).toBe(topic);
        expect(ref.partition).toBe(0);
        expect(Number(ref.offset)).toBeGreaterThanOrEqual(0);
        expect(Number(ref.offset)).toBeLessThan(LINES.length);
        expect(ref.host).toBe('LabSZ'); // the host every line of the OpenSSH sample names
        expect(ref.time).toBeGreaterThan(0);
      }
    }
  });

  it('returns exactly the neighbouring offsets, the anchor being the sampled message', async () => {
    const withRefs = alerts.filter((a) => (a.sampleRefs?.length ?? 0) > 0).slice(0, 5);
    expect(withRefs.length).toBeGreaterThan(0);
    for (const alert of withRefs) {
      for (const sample of [undefined, 0]) {
        const index = sample ?? alert.samples.length - 1;
        const ref = alert.sampleRefs![index]!;
        const answer = AlertContext.parse(
          await client.call('alerts:context', {
            id: alert.id,
            before: 5,
            after: 7,
            ...(sample === undefined ? {} : { sample }),
          }),
        );
        const at = Number(ref.offset);
        expect(answer.anchor).toEqual({ topic, partition: 0, offset: ref.offset });
        expect(answer.sample).toBe(index);
        expect(answer.source).toBe('kafka');
        expect(offsetsOf(answer.logs)).toEqual(
          range(Math.max(0, at - 5), Math.min(LINES.length - 1, at + 7)),
        );
        const anchor = answer.logs.find((l) => l.offset === ref.offset)!;
        expect(anchor.value).toBe(LINES[at]);
        expect(alert.samples[index]).toBe(anchor.record!.message.slice(0, 500));
        for (const log of answer.logs) {
          expect(log.value).toBe(LINES[Number(log.offset)]);
          expect(log.analysis?.templateId).toMatch(/\S/);
        }
        expect(answer.retention).toBeUndefined();
        expect(answer.partial).toBeUndefined();
      }
    }
  });

  it('clips at the partition ends and reads up to 500 on each side', async () => {
    const alert = alerts.find((a) => (a.sampleRefs?.length ?? 0) > 0)!;
    const answer = await client.call('alerts:context', { id: alert.id, before: 500, after: 500 });
    expect(offsetsOf(answer.logs)).toEqual(range(0, LINES.length - 1));
    await expect(client.call('alerts:context', { id: alert.id, before: 501 })).rejects.toThrow(/before/);
    await expect(client.call('alerts:context', { id: 'al-none' })).rejects.toThrow(/no alert/);
  });

  it('reports offsets deleted by retention instead of failing', async () => {
    // What retention does to a partition's start, done at once: the log start offset moves to 250.
    await withAdmin(brokers, async (admin) => {
      await admin.fetchTopicMetadata({ topics: [topic] });
      await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '250' }] });
    });
    // Analysis is not what this checks: the raw messages are passed through as they were read.
    const gone = await new KafkaContextReader(KafkaConfig.parse({ brokers }), (raw) =>
      Promise.resolve(
        raw.map((m) => ({
          topic: m.topic,
          partition: m.partition,
          offset: m.offset,
          timestamp: m.timestamp,
          value: m.value?.toString('utf8') ?? '',
          valueTruncated: false,
          record: null,
          analysis: null,
          issue: null,
        })),
      ),
    ).around({ topic, partition: 0, offset: '100' }, 5, 5);
    expect(gone.logs).toEqual([]);
    expect(gone.retention).toMatchObject({ logStartOffset: '250', anchorAvailable: false, missing: 11 });
    expect(gone.retention!.message).toMatch(/retention deleted it/);

    // An alert whose latest sample is still held: the part of its window before 250 is gone.
    const late = alerts.find((a) => Number(a.sampleRefs?.at(-1)?.offset ?? -1) >= 255);
    expect(late, 'an alert sampled at offset 255 or later').toBeDefined();
    const edge = await client.call('alerts:context', { id: late!.id, before: 500, after: 0 });
    expect(Number(edge.logs[0]!.offset)).toBe(250);
    expect(edge.retention).toMatchObject({ logStartOffset: '250', missing: 250 });

    const read = TopicMessages.parse(
      await client.call('topics:messages', { topic, partition: 0, offset: '240', limit: 20 }),
    );
    expect(offsetsOf(read.logs)).toEqual(range(250, 269));
    expect(read.retention).toMatchObject({ logStartOffset: '250', missing: 10, anchorAvailable: true });
  });
});

describe('time travel on a topic (offsets-for-times)', () => {
  const topic = uniqueName('travel');
  // An hour ago, on a whole second: inside the broker's time retention, which counts from the
  // newest timestamp of a segment (a date long past could be deleted under the test).
  const T0 = Math.floor((Date.now() - 3_600_000) / 1000) * 1000;
  const PER_PARTITION = 20;
  // Partition p gets its i-th message at T0 + (3i + p) s: the three partitions interleave.
  const timeOf = (p: number, i: number) => T0 + (3 * i + p) * 1000;
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-travel-it-'));
  let client: Awaited<ReturnType<typeof createEngine>>;

  beforeAll(async () => {
    await createTopics(brokers, [topic], 3);
    await withProducer(brokers, async (producer) => {
      for (let p = 0; p < 3; p++)
        await producer.send({
          topic,
          messages: range(0, PER_PARTITION - 1).map((i) => ({
            partition: p,
            value: LINES[3 * i + p]!,
            timestamp: String(timeOf(p, i)),
          })),
        });
    });
    client = await createEngine({ dataDir, engine: { tickMs: 200 } });
    // The engine reads the broker of its last Kafka start; nothing needs to be consumed here.
    await client.call('engine:start', {
      source: 'kafka',
      kafka: { brokers, topics: [topic], groupId: uniqueName('travel-group') },
    });
  }, 120_000);

  afterAll(async () => {
    await client?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('returns the first message at or after the asked time, merged in time order', async () => {
    const at = T0 + 10_500; // between p1's i=3 (10 s) and p2's i=3 (11 s)
    const answer = TopicMessages.parse(await client.call('topics:messages', { topic, at, limit: 5 }));
    expect(answer.logs.map((l) => l.timestamp)).toEqual([11, 12, 13, 14, 15].map((s) => T0 + s * 1000));
    expect(answer.logs.map((l) => [l.partition, l.offset])).toEqual([
      [2, '3'],
      [0, '4'],
      [1, '4'],
      [2, '4'],
      [0, '5'],
    ]);
    expect(answer.partitions).toEqual([
      { partition: 0, offset: '4' },
      { partition: 1, offset: '4' },
      { partition: 2, offset: '3' },
    ]);
    for (const log of answer.logs) expect(log.record?.message.length).toBeGreaterThan(0);
  });

  it('an exact timestamp is included; a time after the last message finds nothing', async () => {
    const exact = await client.call('topics:messages', { topic, at: timeOf(1, 2), limit: 1 });
    expect(exact.logs.map((l) => [l.partition, l.offset, l.timestamp])).toEqual([[1, '2', timeOf(1, 2)]]);
    const after = await client.call('topics:messages', { topic, at: timeOf(2, PER_PARTITION - 1) + 1 });
    expect(after.logs).toEqual([]);
    expect(after.partitions.every((p) => p.offset === null)).toBe(true);
  });

  it('refuses an unknown topic and partition with not_found', async () => {
    await expect(client.call('topics:messages', { topic: uniqueName('nope'), at: T0 })).rejects.toThrow(
      /no such topic/,
    );
    await expect(client.call('topics:messages', { topic, partition: 7, offset: '0' })).rejects.toThrow(
      /no partition 7/,
    );
  });
});
