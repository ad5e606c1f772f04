/**
 * KafkaLogSource survives its broker dying: status turns `reconnecting` with the reason, and once
 * the broker is back (same ports, same data) consumption resumes without losing a message. Runs
 * its own broker, since it kills it (KAFKA_BROKERS, if set, is not used here).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaConfig } from '../../core/contract';
import type { LogFields, SourceLogLevel } from '../../core/ingest/kafka-log';
import { KafkaLogSource } from '../../core/ingest/kafka-source';
import { startKafka, type KafkaHandle } from '../harness/kafka';
import {
  createTopics,
  eventually,
  produceSequenced,
  uniqueName,
  withProducer,
} from '../harness/kafka-fixtures';

describe('KafkaLogSource across a broker crash', () => {
  let kafka: KafkaHandle;
  let source: KafkaLogSource | null = null;

  beforeAll(async () => {
    kafka = await startKafka({ ignoreExternal: true });
  });

  afterAll(async () => {
    await source?.stop();
    await kafka?.stop();
  });

  // A broker restart is a JVM start: allow for a slow, shared machine.
  it('reports the outage, reconnects, and loses nothing', { timeout: 300_000 }, async () => {
    const topic = uniqueName('reconnect');
    await createTopics(kafka.brokers, [topic], 2);
    await withProducer(kafka.brokers, (producer) => produceSequenced(producer, topic, 2, 200));

    const handled = new Set<string>();
    const warnings: string[] = [];
    const logger = (level: SourceLogLevel, message: string, _fields?: LogFields) => {
      if (level === 'warn' || level === 'error') warnings.push(message);
    };
    source = new KafkaLogSource(
      KafkaConfig.parse({
        brokers: kafka.brokers,
        topics: [topic],
        groupId: uniqueName('group'),
        fromBeginning: true,
      }),
      { logger, lagPollIntervalMs: 500 },
    );
    const running = source;
    await running.start((batch) => {
      for (const message of batch) handled.add(`${message.partition}/${message.offset}`);
      return Promise.resolve();
    });
    await eventually('the first 200 handled', () => handled.size === 200);

    await kafka.kill();
    await eventually('the outage reported', () => running.status().state === 'reconnecting', 120_000);
    console.log(`[reconnect] status during the outage: ${JSON.stringify(running.status())}`);
    expect(running.status().reason).toMatch(new RegExp(`${kafka.brokers[0]!.replace(/\./g, '\\.')}`));

    await kafka.restart();
    await withProducer(kafka.brokers, (producer) => produceSequenced(producer, topic, 2, 200));
    await eventually('consumption resumed', () => handled.size === 400, 120_000);
    await eventually('running again', () => running.status().state === 'running', 60_000);
    expect(running.status().reason).toBeNull();
    expect(warnings.length).toBeGreaterThan(0); // the outage was logged, not swallowed
  });
});
