/**
 * Engine configuration as it crosses boundaries. Secrets (SASL passwords) travel only inside a
 * start request; every outbound copy goes through `redactConfig` first.
 *
 * The objects are strict: an unknown key (`fromBegining`, `topic` for `topics`) is refused with its
 * name rather than dropped, so that a typo in a start request never silently becomes a default.
 */
import { z } from 'zod';

const brokerAddress = z.string().regex(/^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/, 'expected host:port');
const topicName = z.string().regex(/^[A-Za-z0-9._-]{1,249}$/, 'invalid Kafka topic name');

export const SaslConfig = z.strictObject({
  mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
  username: z.string().min(1).max(256),
  password: z.string().max(1024),
});
export type SaslConfig = z.infer<typeof SaslConfig>;

export const TlsConfig = z.strictObject({
  enabled: z.boolean(),
  rejectUnauthorized: z.boolean().default(true),
  /** PEM text of a CA bundle to trust in addition to the system store. */
  ca: z.string().max(1_000_000).nullable().default(null),
});
export type TlsConfig = z.infer<typeof TlsConfig>;

export const DEFAULT_TOPICS = ['logs', 'security', 'performance'];

export const KafkaConfig = z.strictObject({
  brokers: z.array(brokerAddress).min(1).max(64),
  clientId: z.string().min(1).max(128).default('vigil'),
  groupId: z.string().min(1).max(256).default('vigil'),
  topics: z.array(topicName).max(256).default(DEFAULT_TOPICS),
  /** A regular expression of topic names, used instead of `topics` when set. */
  topicPattern: z.string().max(512).nullable().default(null),
  fromBeginning: z.boolean().default(false),
  sasl: SaslConfig.nullable().default(null),
  tls: TlsConfig.nullable().default(null),
});
export type KafkaConfig = z.infer<typeof KafkaConfig>;
export type KafkaConfigInput = z.input<typeof KafkaConfig>;

export const DemoConfig = z.strictObject({
  /** Logs per second replayed from the bundled samples. */
  rate: z.number().positive().max(1_000_000).default(200),
  /** Whether scripted incidents are mixed into the replay. */
  incidents: z.boolean().default(true),
});
export type DemoConfig = z.infer<typeof DemoConfig>;

export const StartRequest = z.discriminatedUnion('source', [
  z.strictObject({ source: z.literal('kafka'), kafka: KafkaConfig }),
  z.strictObject({ source: z.literal('demo'), demo: DemoConfig.default({ rate: 200, incidents: true }) }),
]);
export type StartRequest = z.infer<typeof StartRequest>;
export type StartRequestInput = z.input<typeof StartRequest>;

export const REDACTED = '********';

/** A copy of the start request that is safe to show, log or store: secrets replaced. */
export function redactConfig(config: StartRequest): StartRequest {
  if (config.source !== 'kafka' || config.kafka.sasl === null) return config;
  return { ...config, kafka: { ...config.kafka, sasl: { ...config.kafka.sasl, password: REDACTED } } };
}
