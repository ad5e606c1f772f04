/**
 * What the user configures: the Kafka connection and demo replay used by `engine:start`, alert
 * thresholds the Overview highlights against, and the in-window notification policy.
 *
 * Nothing here is persisted yet (that is the host's job, via a settings command that does not exist
 * yet). In particular the SASL password lives only in this store's memory: it is never written to
 * storage, never logged, and never filled back in from the engine (which only returns it redacted).
 */
import { create } from 'zustand';
import { ALERT_LEVELS, DEFAULT_TOPICS } from '../../../core/contract';
import type {
  AlertLevel,
  EngineStatus,
  IncidentSettings,
  KafkaConfig,
  SaslConfig,
  VigilRole,
} from '../../../core/contract';

export type SourceKind = 'demo' | 'kafka';
export type SaslMechanism = SaslConfig['mechanism'];

export interface KafkaForm {
  /** Comma- or newline-separated host:port list, as typed. */
  brokers: string;
  topicsMode: 'list' | 'pattern';
  topics: string;
  topicPattern: string;
  groupId: string;
  clientId: string;
  fromBeginning: boolean;
  saslEnabled: boolean;
  saslMechanism: SaslMechanism;
  saslUsername: string;
  saslPassword: string;
  tlsEnabled: boolean;
  tlsRejectUnauthorized: boolean;
  tlsCa: string;
}

/** Issue 19: the role a Kafka start runs and its cluster name, as typed ('' = none). */
export interface ClusterForm {
  role: VigilRole;
  name: string;
  /** Issue 19: engine threads as typed ('' = the role's default: the cores for an analyzer, 1 standalone). */
  workers?: string;
}

export interface DemoForm {
  rate: number;
  incidents: boolean;
}

export interface Thresholds {
  /** Percent of logs whose analysis failed. */
  errorRatePercent: number;
  consumerLag: number;
  decisionLatencyP99Ms: number;
}

/**
 * The form's view of the contract's NotificationSettings (levels as toggles). Every field of the
 * stored settings is kept, even those the form does not edit, so that saving never resets them.
 */
export interface NotificationPolicy {
  levels: Record<AlertLevel, boolean>;
  quietHours: { enabled: boolean; start: string; end: string; allowCritical: boolean };
  doNotDisturb: boolean;
  maxPerMinute: number;
}

export interface SettingsState {
  source: SourceKind;
  kafka: KafkaForm;
  /** Whether the user edited the start forms (else they follow the running engine's configuration). */
  startFormsEdited: boolean;
  /** `startedAt` of the engine run whose configuration was last adopted, so each run is adopted once. */
  adoptedRun: number | null;
  demo: DemoForm;
  thresholds: Thresholds;
  notifications: NotificationPolicy;
  /** The user's rules folder as typed ('' = none); the engine reads it when it starts. */
  rulesDir: string;
  /** The user's models folder as typed ('' = none), listed for A/B experiments; read when the engine starts. */
  modelsDir: string;
  /** i16a: the name recorded in audit trails as typed ('' = the OS user name); read when the engine starts. */
  actorName: string;
  /** i16a: incident grouping as stored (no form yet: kept so that saving does not reset it). */
  incidents: IncidentSettings | null;
  /** The local history of analyzed logs; the engine reads it when it starts. */
  history: HistoryForm;
  // ---- issue 19 (fleet): the Start panel's role and cluster (not stored in the settings file) ----
  cluster: ClusterForm;
}

export interface HistoryForm {
  enabled: boolean;
  maxAgeHours: number;
  /** The disk budget in GB (the contract's `historyMaxBytes` / 1024³). */
  maxGigabytes: number;
}

export const DEFAULT_KAFKA_FORM: KafkaForm = {
  brokers: 'localhost:9092',
  topicsMode: 'list',
  topics: DEFAULT_TOPICS.join(', '),
  topicPattern: '',
  /** '' = this installation's own consumer group (the engine decides and keeps it). */
  groupId: '',
  clientId: 'vigil',
  fromBeginning: false,
  saslEnabled: false,
  saslMechanism: 'scram-sha-256',
  saslUsername: '',
  saslPassword: '',
  tlsEnabled: false,
  tlsRejectUnauthorized: true,
  tlsCa: '',
};

export const INITIAL_SETTINGS: SettingsState = {
  source: 'demo',
  kafka: DEFAULT_KAFKA_FORM,
  startFormsEdited: false,
  adoptedRun: null,
  demo: { rate: 200, incidents: true },
  thresholds: { errorRatePercent: 1, consumerLag: 10_000, decisionLatencyP99Ms: 1_000 },
  notifications: {
    levels: Object.fromEntries(
      ALERT_LEVELS.map((level) => [level, level === 'critical' || level === 'high']),
    ) as Record<AlertLevel, boolean>,
    quietHours: { enabled: false, start: '22:00', end: '07:00', allowCritical: true },
    doNotDisturb: false,
    maxPerMinute: 5,
  },
  rulesDir: '',
  modelsDir: '',
  actorName: '',
  incidents: null,
  history: { enabled: true, maxAgeHours: 24, maxGigabytes: 2 },
  cluster: { role: 'standalone', name: '' },
};

/**
 * Fills the Kafka form from the configuration a running engine reports, unless the user has edited
 * it. The password is deliberately not taken over: the engine only ever returns it redacted.
 */
export function adoptRunningConfig(state: SettingsState, status: EngineStatus): SettingsState {
  const { config, startedAt } = status;
  if (config === null || startedAt === null || startedAt === state.adoptedRun || state.startFormsEdited)
    return state;
  if (config.source === 'demo') {
    return {
      ...state,
      source: 'demo',
      adoptedRun: startedAt,
      demo: { rate: config.demo.rate, incidents: config.demo.incidents },
    };
  }
  return {
    ...state,
    source: 'kafka',
    adoptedRun: startedAt,
    kafka: kafkaFormFrom(config.kafka, DEFAULT_KAFKA_FORM.saslMechanism),
    cluster: {
      role: config.role ?? 'standalone',
      name: config.cluster ?? '',
      workers: config.workers === undefined ? '' : String(config.workers),
    },
  };
}

/**
 * The Kafka form showing a configuration. The password field is left empty: the engine and the
 * settings store only ever report it redacted, so the user retypes it to start with SASL.
 */
export function kafkaFormFrom(kafka: KafkaConfig, fallbackMechanism: SaslMechanism): KafkaForm {
  return {
    brokers: kafka.brokers.join(', '),
    topicsMode: kafka.topicPattern !== null ? 'pattern' : 'list',
    topics: kafka.topics.join(', '),
    topicPattern: kafka.topicPattern ?? '',
    groupId: kafka.groupId ?? '',
    clientId: kafka.clientId,
    fromBeginning: kafka.fromBeginning,
    saslEnabled: kafka.sasl !== null,
    saslMechanism: kafka.sasl?.mechanism ?? fallbackMechanism,
    saslUsername: kafka.sasl?.username ?? '',
    saslPassword: '',
    tlsEnabled: kafka.tls?.enabled ?? false,
    tlsRejectUnauthorized: kafka.tls?.rejectUnauthorized ?? true,
    tlsCa: kafka.tls?.ca ?? '',
  };
}

export const useSettingsStore = create<SettingsState>(() => INITIAL_SETTINGS);

export function editKafka(patch: Partial<KafkaForm>): void {
  useSettingsStore.setState((state) => ({ kafka: { ...state.kafka, ...patch }, startFormsEdited: true }));
}

export function editCluster(patch: Partial<ClusterForm>): void {
  useSettingsStore.setState((state) => ({ cluster: { ...state.cluster, ...patch }, startFormsEdited: true }));
}

export function editDemo(patch: Partial<DemoForm>): void {
  useSettingsStore.setState((state) => ({ demo: { ...state.demo, ...patch }, startFormsEdited: true }));
}

export function chooseSource(source: SourceKind): void {
  useSettingsStore.setState({ source });
}
