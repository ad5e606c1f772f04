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
  /**
   * The consumer group. Absent: the installation's own group (`vigil-<host>-<random>`, kept in the data
   * folder), so two people pointing Vigil at one cluster never silently split its partitions; name a
   * group only to share the work on purpose.
   */
  groupId: z.string().min(1).max(256).optional(),
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

// ---- issue 19 (roles and clusters; owned by branch i19) -------------------------------------
/**
 * What this Vigil does: `standalone` (everything in one process, the default: absent means this),
 * `analyzer` (headless: analyzes the log topics and publishes alert state to its cluster's topics) or
 * `console` (reads its cluster's alert state and actions, analyzes nothing). docs/scaling.md.
 */
export const VIGIL_ROLES = ['standalone', 'analyzer', 'console'] as const;
export const VigilRole = z.enum(VIGIL_ROLES);
export type VigilRole = z.infer<typeof VigilRole>;
/** A cluster name: it prefixes Vigil's own topics (`vigil.<cluster>.alerts`), so no dots. */
export const ClusterName = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,100}$/, 'letters, digits, "_" and "-" only (it names topics vigil.<cluster>.…)');

/** `workers`: engine threads of an analyzer or a standalone engine (docs/scaling.md, "Analysis on every core"). */
export const MAX_WORKERS = 64;
export const Workers = z.number().int().min(1).max(MAX_WORKERS);

/** Why `workers` does not fit the role, or null: a console analyzes nothing, so runs no threads. */
export function workersRefusal(role: VigilRole, workers: number | undefined): string | null {
  if (workers === undefined || workers === 1 || role !== 'console') return null;
  return 'a console analyzes nothing: workers applies to the analyzer and standalone roles';
}

const KafkaStart = z
  .strictObject({
    source: z.literal('kafka'),
    kafka: KafkaConfig,
    role: VigilRole.optional(),
    cluster: ClusterName.optional(),
    // ---- issue 19 item 3 (workers: N; owned by branch s8-workers) ----
    /** Engine threads analyzing in this process, each a member of the group (absent: the cores for an analyzer, 1 standalone). */
    workers: Workers.optional(),
  })
  .superRefine((start, ctx) => {
    const role = start.role ?? 'standalone';
    const workersIssue = workersRefusal(role, start.workers);
    if (workersIssue !== null) ctx.addIssue({ code: 'custom', path: ['workers'], message: workersIssue });
    if (role !== 'standalone' && start.cluster === undefined)
      ctx.addIssue({ code: 'custom', path: ['cluster'], message: `the ${role} role needs a cluster name` });
    if (role === 'standalone' && start.cluster !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['cluster'],
        message: 'a cluster needs the role analyzer or console',
      });
  });

export const StartRequest = z.discriminatedUnion('source', [
  KafkaStart,
  z.strictObject({
    source: z.literal('demo'),
    demo: DemoConfig.default({ rate: 200, incidents: true }),
    /** The demo runs standalone only: analyzers and consoles meet over a real Kafka cluster. */
    role: z.literal('standalone').optional(),
    /** Issue 19: accepted, and the demo source runs one engine thread whatever it says (docs/scaling.md). */
    workers: Workers.optional(),
  }),
]);
export type StartRequest = z.infer<typeof StartRequest>;
export type StartRequestInput = z.input<typeof StartRequest>;

export const REDACTED = '********';

/** A copy of the start request that is safe to show, log or store: secrets replaced. */
export function redactConfig(config: StartRequest): StartRequest {
  if (config.source !== 'kafka' || config.kafka.sasl === null) return config;
  return { ...config, kafka: { ...config.kafka, sasl: { ...config.kafka.sasl, password: REDACTED } } };
}

/** The role of a start request (absent: standalone). */
export function roleOf(request: StartRequest): VigilRole {
  return request.role ?? 'standalone';
}
