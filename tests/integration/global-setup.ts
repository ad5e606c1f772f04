/**
 * vitest globalSetup of the `integration` project: one real Kafka broker for the whole run (or the
 * KAFKA_BROKERS cluster), handed to test files through `inject('kafkaBrokers')` (see
 * tests/harness/brokers.ts) and through KAFKA_BROKERS, which the test workers inherit. If the
 * broker cannot start, this throws and the run fails: integration tests never skip silently.
 */
import type { TestProject } from 'vitest/node';
import '../harness/brokers';
import { startKafka } from '../harness/kafka';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const kafka = await startKafka();
  project.provide('kafkaBrokers', kafka.brokers);
  project.provide('kafkaSasl', kafka.sasl);
  process.env.KAFKA_BROKERS = kafka.brokers.join(',');
  return async () => {
    await kafka.stop();
  };
}
