/**
 * Maps Vigil's `KafkaConfig` (core/contract/config.ts) onto kafkajs client options: brokers,
 * client id, TLS, SASL (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512), timeouts and retries, and the topic
 * pattern onto the RegExp kafkajs subscribes with. Pure functions, unit-tested.
 */
import type { ConnectionOptions } from 'node:tls';
import {
  logLevel,
  type KafkaConfig as KafkaJsConfig,
  type logCreator,
  type RetryOptions,
  type SASLOptions,
} from 'kafkajs';
import type { KafkaConfig, SaslConfig, TlsConfig } from '../contract';

export interface ClientTuning {
  /** TCP (and TLS) connect timeout per broker. */
  connectionTimeoutMs: number;
  requestTimeoutMs: number;
  /**
   * kafkajs retries of one operation. The consumer restarts itself once they are exhausted, so
   * this bounds how long a failure goes unreported, not how long we keep trying.
   */
  retry: RetryOptions;
}

export const DEFAULT_CLIENT_TUNING: ClientTuning = {
  connectionTimeoutMs: 3000,
  requestTimeoutMs: 30_000,
  retry: { initialRetryTime: 300, maxRetryTime: 10_000, retries: 5 },
};

export function tlsOptions(tls: TlsConfig | null): ConnectionOptions | undefined {
  if (tls === null || !tls.enabled) return undefined;
  const options: ConnectionOptions = { rejectUnauthorized: tls.rejectUnauthorized };
  // Added to Node's default trust store, not replacing it: kafkajs hands this to tls.connect.
  if (tls.ca !== null && tls.ca.trim().length > 0) options.ca = [tls.ca];
  return options;
}

export function saslOptions(sasl: SaslConfig | null): SASLOptions | undefined {
  if (sasl === null) return undefined;
  const credentials = { username: sasl.username, password: sasl.password };
  switch (sasl.mechanism) {
    case 'plain':
      return { mechanism: 'plain', ...credentials };
    case 'scram-sha-256':
      return { mechanism: 'scram-sha-256', ...credentials };
    case 'scram-sha-512':
      return { mechanism: 'scram-sha-512', ...credentials };
  }
}

export function toKafkaJsConfig(
  config: KafkaConfig,
  logs: logCreator,
  tuning: ClientTuning = DEFAULT_CLIENT_TUNING,
): KafkaJsConfig {
  const ssl = tlsOptions(config.tls);
  const sasl = saslOptions(config.sasl);
  return {
    clientId: config.clientId,
    brokers: [...config.brokers],
    ...(ssl ? { ssl } : {}),
    ...(sasl ? { sasl } : {}),
    connectionTimeout: tuning.connectionTimeoutMs,
    requestTimeout: tuning.requestTimeoutMs,
    retry: { ...tuning.retry },
    // DEBUG would make kafkajs build an entry for every request; INFO and up is what we route.
    logLevel: logLevel.INFO,
    logCreator: logs,
  };
}

/**
 * The RegExp for a `topicPattern`. Anchored, because the Java client's pattern subscription
 * matches whole names ("logs-.*" must not take "old-logs-x"); and never matching Kafka's internal
 * topics (`__consumer_offsets`, `__transaction_state`, ...), which the Java client also excludes.
 * Throws a readable error for an invalid expression.
 */
export function compileTopicPattern(pattern: string): RegExp {
  try {
    // Compiled alone first: a valid expression has balanced groups, so wrapping it cannot be
    // escaped by input such as "a)|(.*".
    new RegExp(pattern);
    return new RegExp(`^(?!__)(?:${pattern})$`);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`invalid topicPattern ${JSON.stringify(pattern)}: ${detail}`);
  }
}

/** SASL PLAIN sends the password itself; without TLS anyone on the path can read it. */
export function insecureSaslWarning(config: KafkaConfig): string | null {
  if (config.sasl?.mechanism !== 'plain' || (config.tls !== null && config.tls.enabled)) return null;
  return 'SASL PLAIN is configured without TLS: the password crosses the network unencrypted';
}
