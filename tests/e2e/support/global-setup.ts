/**
 * Playwright global setup: a real Kafka broker (or KAFKA_BROKERS) and the real headless host,
 * shared by the browser tests. Their addresses reach the tests through environment variables,
 * which Playwright's workers inherit.
 */
import { startKafka } from '../../harness/kafka';
import { startHost } from './host-process';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const kafka = await startKafka();
  let host;
  try {
    host = await startHost();
  } catch (error) {
    await kafka.stop();
    throw error;
  }
  process.env.KAFKA_BROKERS = kafka.brokers.join(',');
  process.env.VIGIL_E2E_URL = host.url;
  process.env.VIGIL_E2E_ORIGIN = host.origin;
  process.env.VIGIL_E2E_TOKEN = host.token;
  console.log(`[e2e] host at ${host.origin}, Kafka ${kafka.version} at ${kafka.brokers.join(',')}`);
  return async () => {
    await host.stop();
    await kafka.stop();
  };
}
