/**
 * KafkaLogSource against the real test broker: full consumption, no loss across a stop and a new
 * member of the same group, no commit for a batch whose handler failed, lag reporting, pattern
 * subscriptions (including topics created later), and a clear failure when no broker answers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { KafkaConfig, type KafkaConfigInput } from '../../core/contract';
import { KafkaLogSource, type KafkaSourceOptions } from '../../core/ingest/kafka-source';
import type { LogFields, SourceLogLevel } from '../../core/ingest/kafka-log';
import type { BatchHandler, RawMessage } from '../../core/ingest/source';
import { testBrokers } from '../harness/brokers';
import { freePort } from '../harness/free-port';
import {
  createTopics,
  eventually,
  produceSequenced,
  uniqueName,
  withAdmin,
  withProducer,
} from '../harness/kafka-fixtures';

const brokers = testBrokers();
const sources: KafkaLogSource[] = [];

afterEach(async () => {
  await Promise.all(sources.splice(0).map((source) => source.stop()));
});

/** Every delivery a handler saw, in order, including redeliveries. */
class Deliveries {
  readonly all: RawMessage[] = [];
  private readonly distinct = new Set<string>();

  /** A BatchHandler that records and succeeds. */
  readonly handler: BatchHandler = (batch) => {
    this.record(batch);
    return Promise.resolve();
  };

  record(batch: RawMessage[]): void {
    for (const message of batch) {
      this.all.push(message);
      this.distinct.add(keyOf(message));
    }
  }

  has(message: Pick<RawMessage, 'topic' | 'partition' | 'offset'>): boolean {
    return this.distinct.has(keyOf(message));
  }

  get distinctCount(): number {
    return this.distinct.size;
  }

  topics(): string[] {
    return [...new Set(this.all.map((message) => message.topic))].sort();
  }
}

function keyOf(message: Pick<RawMessage, 'topic' | 'partition' | 'offset'>): string {
  return `${message.topic}/${message.partition}/${message.offset}`;
}

/** Warnings and errors are printed (they explain a failure); the rest is kept quiet. */
function testLogger(level: SourceLogLevel, message: string, fields?: LogFields): void {
  if (level === 'error' || level === 'warn')
    console.log(`[source ${level}] ${message} ${JSON.stringify(fields ?? {})}`);
}

function newSource(config: Partial<KafkaConfigInput>, options: KafkaSourceOptions = {}): KafkaLogSource {
  const source = new KafkaLogSource(
    KafkaConfig.parse({
      brokers,
      clientId: 'vigil-source-test',
      groupId: uniqueName('group'),
      fromBeginning: true,
      ...config,
    }),
    { logger: testLogger, lagPollIntervalMs: 500, ...options },
  );
  sources.push(source);
  return source;
}

/** Committed offsets of a group, per partition ("-1" for none). */
async function committedOffsets(groupId: string, topic: string): Promise<Record<number, string>> {
  return withAdmin(brokers, async (admin) => {
    const [result] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return Object.fromEntries((result?.partitions ?? []).map((p) => [p.partition, p.offset]));
  });
}

async function highWatermarks(topic: string): Promise<Record<number, string>> {
  return withAdmin(brokers, async (admin) =>
    Object.fromEntries((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, p.high])),
  );
}

async function topicWith(messages: number, partitions = 3): Promise<string> {
  const topic = uniqueName('source');
  await createTopics(brokers, [topic], partitions);
  if (messages > 0)
    await withProducer(brokers, (producer) => produceSequenced(producer, topic, partitions, messages));
  return topic;
}

describe('KafkaLogSource', () => {
  it('consumes everything produced, each partition in offset order, and commits it', async () => {
    const topic = await topicWith(3000);
    const groupId = uniqueName('group');
    const seen = new Deliveries();
    const source = newSource({ topics: [topic], groupId });
    await source.start(seen.handler);

    await eventually('3000 messages handled', () => seen.distinctCount === 3000);
    for (const partition of [0, 1, 2]) {
      const offsets = seen.all.filter((m) => m.partition === partition).map((m) => Number(m.offset));
      expect(offsets).toEqual(offsets.slice().sort((a, b) => a - b));
    }
    expect(seen.all.every((m) => m.topic === topic && m.value !== null && m.timestamp > 0)).toBe(true);
    expect(source.status().state).toBe('running');

    await source.stop();
    expect(source.status().state).toBe('stopped');
    expect(await committedOffsets(groupId, topic)).toEqual(await highWatermarks(topic));
  });

  it('loses nothing when stopped mid-stream and replaced by a new member of the same group', async () => {
    const total = 5000;
    const topic = await topicWith(total);
    const groupId = uniqueName('group');
    const first = new Deliveries();
    const firstSource = newSource({ topics: [topic], groupId });
    // A holder, not a `let`: the handler assigns it, and TypeScript cannot see that from here.
    const stop: { done: Promise<void> | null } = { done: null };
    let handledWhenStopCalled = 0;
    const lastHandled = new Map<number, number>();

    await firstSource.start(async (batch) => {
      first.record(batch);
      if (stop.done === null && first.distinctCount >= 1000) {
        // Stop from inside a batch: stop() must wait for this batch and commit its offsets.
        handledWhenStopCalled = first.distinctCount;
        stop.done = firstSource.stop();
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      for (const message of batch) lastHandled.set(message.partition, Number(message.offset));
    });
    await eventually('the first source to be stopped', () => stop.done !== null);
    await stop.done;

    // Committed = just past what the first source handled: its in-flight batch was committed too.
    const committed = await committedOffsets(groupId, topic);
    for (const [partition, offset] of lastHandled) expect(committed[partition]).toBe(String(offset + 1));
    expect(handledWhenStopCalled).toBeLessThan(total);

    const second = new Deliveries();
    const secondSource = newSource({ topics: [topic], groupId });
    await secondSource.start(second.handler);
    await eventually('the rest handled by the second source', () => {
      const handled = new Set([...first.all, ...second.all].map(keyOf));
      return handled.size === total;
    });

    // The second member starts where the first committed: no message handled by both.
    expect(second.all.some((message) => first.has(message))).toBe(false);
    expect(first.distinctCount + second.distinctCount).toBe(total);
  });

  it('commits nothing for a batch whose handler throws, and delivers it again', async () => {
    const topic = await topicWith(300, 1);
    const groupId = uniqueName('group');
    const seen = new Deliveries();
    let failing = true;
    let failures = 0;
    const handler: BatchHandler = (batch) => {
      if (failing) {
        failures++;
        return Promise.reject(new Error('alert store unavailable'));
      }
      seen.record(batch);
      return Promise.resolve();
    };
    const source = newSource({ topics: [topic], groupId });
    await source.start(handler);

    await eventually('the failing batch to be delivered twice', () => failures >= 2);
    expect(source.status().reason).toMatch(
      /batch handler failed on .* alert store unavailable; nothing committed/,
    );
    expect(await committedOffsets(groupId, topic)).toEqual({ 0: '-1' });

    failing = false;
    await eventually('all 300 handled once the handler recovers', () => seen.distinctCount === 300);
    expect(seen.all[0]?.offset).toBe('0'); // the failed batch came back from its first message
    await eventually(
      'the offsets to be committed',
      async () => (await committedOffsets(groupId, topic))[0] === '300',
    );
    await eventually('the failure reason to clear', () => source.status().reason === null);
  });

  it('reports per-partition lag, which falls to 0 once caught up', async () => {
    const topic = await topicWith(1500);
    const seen = new Deliveries();
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const source = newSource({ topics: [topic], groupId: uniqueName('group') });
    await source.start(async (batch) => {
      await released; // hold the first batch: the backlog stays put while we look at it
      seen.record(batch);
    });

    try {
      await eventually('lag of every partition reported', () => source.status().lag.length === 3);
      expect(source.status().lag).toEqual([0, 1, 2].map((partition) => ({ topic, partition, lag: 500 })));
    } finally {
      release(); // else stop() would wait for the held batch forever
    }
    await eventually('all handled', () => seen.distinctCount === 1500);
    await eventually('lag back to 0', () => source.status().lag.every((entry) => entry.lag === 0));
    expect(source.status().lag).toHaveLength(3);
  });

  it('fetches nothing while paused, and everything after resume', async () => {
    const topic = await topicWith(300);
    const seen = new Deliveries();
    const source = newSource({ topics: [topic], groupId: uniqueName('group') });
    await source.start(seen.handler);
    await eventually('the first 300 handled', () => seen.distinctCount === 300);

    source.pause();
    await withProducer(brokers, (producer) => produceSequenced(producer, topic, 3, 300));
    // The admin poll sees the new backlog; by then a running consumer would have fetched it.
    await eventually('the backlog to show as lag', () =>
      source.status().lag.every((entry) => entry.lag === 100),
    );
    expect(seen.distinctCount).toBe(300);

    source.resume();
    await eventually('the backlog handled after resume', () => seen.distinctCount === 600);
    await eventually('lag back to 0', () => source.status().lag.every((entry) => entry.lag === 0));
  });

  it('subscribes by pattern, and picks up matching topics created later', async () => {
    const prefix = uniqueName('pattern');
    const [a, b, other] = [`${prefix}-a`, `${prefix}-b`, `x${prefix}-a`];
    await createTopics(brokers, [a, b, other], 1);
    await withProducer(brokers, async (producer) => {
      for (const topic of [a, b, other]) await produceSequenced(producer, topic, 1, 50);
    });
    const seen = new Deliveries();
    const source = newSource(
      { topicPattern: `${prefix}-.*`, groupId: uniqueName('group') },
      { topicRefreshIntervalMs: 1000 },
    );
    await source.start(seen.handler);
    await eventually('both matching topics consumed', () => seen.distinctCount === 100);
    expect(seen.topics()).toEqual([a, b]);

    const later = `${prefix}-c`;
    await createTopics(brokers, [later], 1);
    await withProducer(brokers, (producer) => produceSequenced(producer, later, 1, 20));
    await eventually('the new topic consumed', () => seen.distinctCount === 120);
    expect(seen.topics()).toEqual([a, b, later]);
    expect(source.status().state).toBe('running');
  });

  it('fails to start with a clear reason when no broker answers', async () => {
    const port = await freePort();
    const source = newSource({ brokers: [`127.0.0.1:${port}`], topics: ['logs'] });
    await expect(source.start(() => Promise.resolve())).rejects.toThrow(
      new RegExp(`Kafka source could not start: broker 127\\.0\\.0\\.1:${port} unreachable`),
    );
    expect(source.status()).toMatchObject({ state: 'failed', reason: expect.stringMatching(/unreachable/) });
  });
});
