/**
 * KafkaLogSource authenticates with each SASL mechanism Vigil offers against the broker's real
 * SASL listener, and a wrong password fails clearly without the password reaching any log line,
 * error or status. Needs the test broker's SASL listener: against a KAFKA_BROKERS cluster (whose
 * users we do not know) these tests are skipped, and say so.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { KafkaConfig, type SaslConfig } from '../../core/contract';
import type { LogFields, SourceLogLevel } from '../../core/ingest/kafka-log';
import { KafkaLogSource } from '../../core/ingest/kafka-source';
import { testBrokers, testSaslEndpoint } from '../harness/brokers';
import {
  createTopics,
  eventually,
  produceSequenced,
  uniqueName,
  withProducer,
} from '../harness/kafka-fixtures';

const brokers = testBrokers();
const sasl = testSaslEndpoint();
const sources: KafkaLogSource[] = [];

afterEach(async () => {
  await Promise.all(sources.splice(0).map((source) => source.stop()));
});

function recordingLogger() {
  const lines: string[] = [];
  const logger = (level: SourceLogLevel, message: string, fields?: LogFields) =>
    lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  return { lines, logger };
}

describe.skipIf(sasl === null)(
  'KafkaLogSource with SASL (skipped: KAFKA_BROKERS has no known SASL user)',
  () => {
    const endpoint = sasl!;

    it.each(['plain', 'scram-sha-256', 'scram-sha-512'] as const)(
      'consumes after authenticating with %s',
      async (mechanism) => {
        const topic = uniqueName('sasl');
        await createTopics(brokers, [topic], 1);
        await withProducer(brokers, (producer) => produceSequenced(producer, topic, 1, 50));

        const { lines, logger } = recordingLogger();
        const credentials: SaslConfig = {
          mechanism,
          username: endpoint.username,
          password: endpoint.password,
        };
        const source = new KafkaLogSource(
          KafkaConfig.parse({
            brokers: endpoint.brokers,
            topics: [topic],
            groupId: uniqueName('group'),
            fromBeginning: true,
            sasl: credentials,
          }),
          { logger },
        );
        sources.push(source);
        let handled = 0;
        await source.start((batch) => {
          handled += batch.length;
          return Promise.resolve();
        });
        await eventually('50 messages handled', () => handled >= 50);
        expect(source.status().state).toBe('running');
        expect(lines.join('\n')).not.toContain(endpoint.password);
      },
    );

    it.each(['plain', 'scram-sha-512'] as const)(
      'fails clearly on a wrong %s password, and never shows it',
      async (mechanism) => {
        const wrongPassword = `wrong-${uniqueName('pw')}`;
        const { lines, logger } = recordingLogger();
        const source = new KafkaLogSource(
          KafkaConfig.parse({
            brokers: endpoint.brokers,
            topics: ['logs'],
            groupId: uniqueName('group'),
            sasl: { mechanism, username: endpoint.username, password: wrongPassword },
          }),
          { logger },
        );
        sources.push(source);

        const failure = await source
          .start(() => Promise.resolve())
          .then(
            () => null,
            (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
          );
        expect(failure?.message).toMatch(/Kafka source could not start: authentication failed/);
        expect(source.status().state).toBe('failed');
        for (const text of [
          failure?.message ?? '',
          failure?.stack ?? '',
          source.status().reason ?? '',
          ...lines,
        ]) {
          expect(text).not.toContain(wrongPassword);
        }
      },
    );
  },
);
