/**
 * The engine end to end against the real broker: a scripted mix of normal traffic and incidents on
 * three topics becomes the expected alerts and stats; malformed messages are counted without
 * stopping anything; and a stop/restart mid-stream loses no message (at-least-once).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EngineStatus, type Alert } from '../../core/contract';
import { createEngine } from '../../core/engine/create';
import { testBrokers } from '../harness/brokers';

const brokers = testBrokers();
const kafka = new Kafka({ brokers, clientId: 'engine-it', logLevel: logLevel.NOTHING });
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function topics(...names: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: names.map((topic) => ({ topic, numPartitions: 3 })),
    waitForLeaders: true,
  });
  await admin.disconnect();
}

async function produce(topic: string, values: Array<string | Buffer>): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  for (let i = 0; i < values.length; i += 1000) {
    await producer.send({ topic, messages: values.slice(i, i + 1000).map((value) => ({ value })) });
  }
  await producer.disconnect();
}

async function engine() {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-engine-it-'));
  const client = await createEngine({ dataDir, engine: { tickMs: 200 } });
  cleanups.push(async () => {
    await client.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return client;
}

async function until(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('engine on a real Kafka broker', () => {
  const suffix = Date.now().toString(36);
  const logsTopic = `logs-${suffix}`;
  const securityTopic = `security-${suffix}`;
  const performanceTopic = `performance-${suffix}`;

  beforeAll(async () => {
    await topics(logsTopic, securityTopic, performanceTopic);
  });

  it('turns a scripted mix of traffic and incidents into the expected alerts and stats', async () => {
    const normal = Array.from({ length: 600 }, (_, i) =>
      JSON.stringify({
        level: 'info',
        service: 'checkout',
        msg: `order ${1000 + i} placed in ${20 + (i % 50)} ms`,
      }),
    );
    const bruteForce = Array.from(
      { length: 40 },
      (_, i) =>
        `Dec 10 07:07:${String(i % 60).padStart(2, '0')} web-1 sshd[24${i}]: Failed password for invalid user admin from 203.0.113.${i % 9} port 5${i}22 ssh2`,
    );
    const timeouts = Array.from(
      { length: 15 },
      (_, i) => `level=error service=payments msg="upstream request timed out after ${3000 + i} ms"`,
    );
    const fatal = [
      JSON.stringify({
        level: 'fatal',
        service: 'orders',
        message: 'database connection pool exhausted, shutting down',
      }),
    ];
    const malformed = [
      Buffer.alloc(0),
      Buffer.from([0, 1, 2, 3, 0, 0, 0, 255, 254, 0]),
      Buffer.from('caf\xe9 order for r\xe9sum\xe9 printed', 'latin1'),
    ];

    await produce(logsTopic, [...normal, ...fatal, ...malformed]);
    await produce(securityTopic, bruteForce);
    await produce(performanceTopic, timeouts);
    const total = normal.length + fatal.length + malformed.length + bruteForce.length + timeouts.length;

    const client = await engine();
    await client.call('engine:start', {
      source: 'kafka',
      kafka: {
        brokers,
        topics: [logsTopic, securityTopic, performanceTopic],
        groupId: `mix-${suffix}`,
        fromBeginning: true,
      },
    });
    await until('every message analyzed', async () => {
      const s = await client.call('engine:status', {});
      return s.stats.processed + s.stats.errors >= total;
    });

    const status = EngineStatus.parse(await client.call('engine:status', {}));
    expect(status.running).toBe(true);
    // Two of the three malformed values are rejected (empty, binary); invalid UTF-8 is analyzed with a warning.
    expect(status.stats.errors).toBe(2);
    expect(status.stats.processed).toBe(total - 2);
    expect(status.stats.dataQuality.byKind).toMatchObject({ empty: 1, binary: 1, invalid_utf8: 1 });

    const { alerts } = await client.call('alerts:list', {});
    const find = (pred: (a: Alert) => boolean): Alert | undefined => alerts.find(pred);
    const brute = find((a) => a.trigger === 'security' && a.level === 'critical');
    expect(brute, JSON.stringify(alerts.map((a) => [a.level, a.trigger, a.title]))).toBeDefined();
    expect(brute!.count).toBeGreaterThan(1);
    expect(brute!.samples.length).toBeGreaterThan(0);
    expect(brute!.samples.length).toBeLessThanOrEqual(5);
    expect(
      find((a) => a.trigger === 'performance' && a.level === 'high' && a.service === 'payments'),
    ).toBeDefined();
    expect(
      find((a) => a.trigger === 'system_error' && a.level === 'critical' && a.service === 'orders'),
    ).toBeDefined();
    // Normal checkout traffic raises nothing.
    expect(find((a) => a.service === 'checkout' && a.trigger !== 'anomaly')).toBeUndefined();
    // Grouped, not one alert per log.
    expect(alerts.length).toBeLessThan(20);
    expect(status.stats.countsByTrigger.security).toBeGreaterThan(0);
  });

  it('loses no message when the engine is stopped and restarted mid-stream', async () => {
    const topic = `restart-${suffix}`;
    await topics(topic);
    const count = 20_000;
    const values = Array.from({ length: count }, (_, i) => `INFO seq=${i} heartbeat from worker ${i % 7}`);
    await produce(topic, values);

    const groupId = `restart-${suffix}`;
    const start = {
      source: 'kafka' as const,
      kafka: { brokers, topics: [topic], groupId, fromBeginning: true },
    };
    const first = await engine();
    await first.call('engine:start', start);
    await until('some progress', async () => (await first.call('engine:status', {})).stats.processed > 2000);
    const stopped = await first.call('engine:stop', {});
    const firstRun = stopped.stats.processed;
    expect(stopped.running).toBe(false);

    const second = await engine();
    await second.call('engine:start', start);
    // Everything not committed by the first run is delivered again: nothing is lost.
    await until('the rest analyzed', async () => {
      const s = await second.call('engine:status', {});
      return s.stats.processed + firstRun >= count && s.stats.consumerLag === 0;
    });
    const secondRun = (await second.call('engine:status', {})).stats.processed;
    expect(firstRun + secondRun).toBeGreaterThanOrEqual(count);
    // Offsets were committed up to what the first run analyzed, so replays stay within a batch per partition.
    expect(firstRun + secondRun - count).toBeLessThan(firstRun);
  });
});
