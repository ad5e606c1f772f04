/**
 * The bootstrap address of the broker the integration global setup started (or KAFKA_BROKERS), for
 * test files. Throws, and so fails the test, when there is none: an integration test never skips
 * for lack of a broker.
 */
import { inject } from 'vitest';
import type { SaslEndpoint } from './kafka';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by tests/integration/global-setup.ts. */
    kafkaBrokers: string[];
    /** The broker's SASL listener and user; null for a KAFKA_BROKERS cluster. */
    kafkaSasl: SaslEndpoint | null;
  }
}

export function testBrokers(): string[] {
  const provided = inject('kafkaBrokers');
  if (Array.isArray(provided) && provided.length > 0) return provided;
  const fromEnv = (process.env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((address) => address.trim())
    .filter((address) => address.length > 0);
  if (fromEnv.length > 0) return fromEnv;
  throw new Error(
    'no Kafka broker for this test: run it in the vitest "integration" project (its global setup starts one) or set KAFKA_BROKERS',
  );
}

/** The SASL listener of the test broker, or null when the tests run against a KAFKA_BROKERS cluster. */
export function testSaslEndpoint(): SaslEndpoint | null {
  return inject('kafkaSasl') ?? null;
}
