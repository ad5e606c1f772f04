/**
 * The REST start of a Kafka consumer (`POST /api/ml/real_time` with brokers and topics) against the
 * integration broker, with the real engine in-process: Loghub lines produced to a fresh topic are
 * all processed, the status shows the redacted configuration, and stop commits and stops.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EngineStatus } from '../../core/contract';
import { loghubDir } from '../fixtures/loghub';
import { testBrokers, testSaslEndpoint } from '../harness/brokers';
import { createTopics, eventually, uniqueName, withProducer } from '../harness/kafka-fixtures';
import { useEngineHost } from './support/engine-host';

const SAMPLE = join(loghubDir(), 'OpenSSH', 'OpenSSH_2k.log');
const brokers = testBrokers();
const sasl = testSaslEndpoint();
const host = useEngineHost('host-kafka');

const realTime = (body: unknown) => host.request('POST', '/api/ml/real_time', body);

describe('REST start of a Kafka consumer', () => {
  it('consumes every produced log, then stops', async () => {
    const topic = uniqueName('host-logs');
    await createTopics(brokers, [topic], 2);
    const lines = readFileSync(SAMPLE, 'utf8')
      .split(/\r?\n/)
      .filter((line) => line !== '');
    await withProducer(brokers, (producer) =>
      producer.send({ topic, acks: -1, messages: lines.map((value) => ({ value })) }),
    );

    const started = await realTime({
      operation: 'start',
      topics: [topic],
      brokers,
      groupId: uniqueName('host-group'),
      fromBeginning: true,
    });
    expect(started.status).toBe(200);
    expect(EngineStatus.parse(started.body)).toMatchObject({ running: true, source: 'kafka' });

    await eventually(`${lines.length} logs processed`, async () => {
      const status = EngineStatus.parse((await realTime({ operation: 'status' })).body);
      return status.stats.processed >= lines.length;
    });
    const stopped = await realTime({ operation: 'stop' });
    expect(EngineStatus.parse(stopped.body).running).toBe(false);
  });

  it.skipIf(sasl === null)(
    'starts with SASL and never returns the password (skipped without the test broker’s SASL listener)',
    async () => {
      const endpoint = sasl!;
      const topic = uniqueName('host-sasl');
      await createTopics(brokers, [topic], 1);
      const started = await realTime({
        operation: 'start',
        topics: [topic],
        brokers: endpoint.brokers,
        groupId: uniqueName('host-sasl-group'),
        sasl: { mechanism: 'scram-sha-256', username: endpoint.username, password: endpoint.password },
      });
      expect(started.status).toBe(200);
      expect(JSON.stringify(started.body)).not.toContain(endpoint.password);
      const status = EngineStatus.parse((await realTime({ operation: 'status' })).body);
      expect(status.config?.source === 'kafka' && status.config.kafka.sasl?.password).toBe('********');
      await realTime({ operation: 'stop' });
    },
  );
});
