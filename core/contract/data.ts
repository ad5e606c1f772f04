/**
 * Data types that cross a process boundary (engine → Electron main → renderer, host → browser).
 * Every type is a zod schema first, so that each boundary can validate what it receives;
 * the TypeScript type is inferred from the schema and never written twice.
 *
 * This folder must stay free of Node, Electron and DOM imports: the renderer bundles it.
 */
import { z } from 'zod';

export const ALERT_LEVELS = ['critical', 'high', 'medium', 'low'] as const;
export const AlertLevel = z.enum(ALERT_LEVELS);
export type AlertLevel = z.infer<typeof AlertLevel>;

export const ALERT_TRIGGERS = ['security', 'performance', 'system_error', 'anomaly'] as const;
export const AlertTrigger = z.enum(ALERT_TRIGGERS);
export type AlertTrigger = z.infer<typeof AlertTrigger>;

/**
 * `snoozed` is a status of its own (i16a): a snoozed alert or incident leaves the open view and
 * notifies nothing until `snoozedUntil`, then returns to `open` (docs/incidents.md).
 */
export const ALERT_STATUSES = ['open', 'acknowledged', 'snoozed', 'resolved'] as const;
export const AlertStatus = z.enum(ALERT_STATUSES);
export type AlertStatus = z.infer<typeof AlertStatus>;

/** Severity head of the models: what the log itself says about how bad it is. */
export const SEVERITIES = ['error', 'warning', 'info'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

/** Category head of the models: what area of the system the log is about. */
export const CATEGORIES = ['security', 'performance', 'system', 'network', 'application', 'normal'] as const;
export const Category = z.enum(CATEGORIES);
export type Category = z.infer<typeof Category>;

/** Log level as written by the producer, normalized. `null` when the log carries none. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export const LogLevel = z.enum(LOG_LEVELS);
export type LogLevel = z.infer<typeof LogLevel>;

export const LOG_FORMATS = ['json', 'logfmt', 'syslog3164', 'syslog5424', 'plain'] as const;
export const LogFormat = z.enum(LOG_FORMATS);
export type LogFormat = z.infer<typeof LogFormat>;

/** Where a log source (Kafka, demo replay) stands: read by health and shown with its reason. */
export const SOURCE_STATES = ['connecting', 'running', 'reconnecting', 'stopped', 'failed'] as const;
export type SourceState = (typeof SOURCE_STATES)[number];

/** `stopped`: no source runs, so nothing is analyzed (the other figures may still be listed). */
export const HEALTH_STATUSES = ['healthy', 'degraded', 'unhealthy', 'stopped'] as const;
export const HealthStatus = z.enum(HEALTH_STATUSES);
export type HealthStatus = z.infer<typeof HealthStatus>;

export const Health = z.object({
  status: HealthStatus,
  reasons: z.array(z.string()),
});
export type Health = z.infer<typeof Health>;

export const Percentiles = z.object({ p50: z.number(), p95: z.number(), p99: z.number() });
export type Percentiles = z.infer<typeof Percentiles>;

export const PartitionLag = z.object({ topic: z.string(), partition: z.number().int(), lag: z.number() });
export type PartitionLag = z.infer<typeof PartitionLag>;

export const ProcessMetrics = z.object({
  cpuPercent: z.number(),
  rssBytes: z.number(),
  heapUsedBytes: z.number(),
  eventLoopDelayMs: Percentiles,
});
export type ProcessMetrics = z.infer<typeof ProcessMetrics>;

export const Stats = z.object({
  processed: z.number(),
  /** Logs whose analysis threw or that were rejected as malformed. */
  errors: z.number(),
  logsPerSecond: z.number(),
  logsPerSecond1m: z.number(),
  /** Per-log analysis latency (parse → alert decision), milliseconds. */
  latencyMs: Percentiles,
  /** Kafka message timestamp → alert decision, milliseconds. */
  decisionLatencyMs: Percentiles,
  /** Vigil's own processing errors: share of logs whose analysis failed or that were malformed. */
  errorRate: z.number(),
  /** The monitored services' error logs: share of analyzed logs rated error (producer level or model), 1 min. */
  errorLogRate: z.number(),
  uptimeSeconds: z.number(),
  consumerLag: z.number(),
  lagByPartition: z.array(PartitionLag),
  dataQuality: z.object({ total: z.number(), byKind: z.record(z.string(), z.number()) }),
  countsByLevel: z.record(z.string(), z.number()),
  countsByTrigger: z.record(z.string(), z.number()),
  process: ProcessMetrics,
  diskBytes: z.number(),
});
export type Stats = z.infer<typeof Stats>;

export const FieldValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type FieldValue = z.infer<typeof FieldValue>;

/**
 * An exception carried by a log (ECS `error.*`, logfmt `err=`, a Java/Python/Go stack trace):
 * its type, message and root cause (the last "Caused by", the innermost cause of a chain).
 */
export const LogError = z.object({
  type: z.string().nullable(),
  message: z.string().nullable(),
  rootCause: z.string().nullable(),
});
export type LogError = z.infer<typeof LogError>;

/** One log after parsing: the normalized record every later stage works on. */
export const LogRecord = z.object({
  /** Event time in epoch milliseconds: from the log when it carries one, else the Kafka timestamp. */
  time: z.number(),
  topic: z.string(),
  partition: z.number().int(),
  offset: z.string(),
  service: z.string().nullable(),
  host: z.string().nullable(),
  level: LogLevel.nullable(),
  message: z.string(),
  fields: z.record(z.string(), FieldValue),
  format: LogFormat,
  /** The exception the log carries, when it carries one (absent or null otherwise). */
  error: LogError.nullable().optional(),
});
export type LogRecord = z.infer<typeof LogRecord>;

export const ScoreMap = z.record(z.string(), z.number());
export type ScoreMap = z.infer<typeof ScoreMap>;

/** What analysis adds to a record. */
export const Analysis = z.object({
  templateId: z.string(),
  template: z.string(),
  params: z.array(z.string()),
  severity: Severity,
  category: Category,
  scores: z.object({ severity: ScoreMap, category: ScoreMap }),
  /** `model` when an ONNX model classified the log, `rules` when the keyword fallback did. */
  classifiedBy: z.enum(['model', 'rules']),
  /** A/B model testing (i20): the experiment arm whose model decided this log, when one runs. */
  arm: z.string().optional(),
});
export type Analysis = z.infer<typeof Analysis>;

/**
 * What the parser understood of one log: the normalised record an analyze result carries beside
 * the analysis, so a user can check that Vigil reads their format (docs/formats.md).
 */
export const AnalyzedRecord = z.object({
  /** Epoch ms: from the log when it carries a readable time, else the time of the request. */
  time: z.number(),
  service: z.string().nullable(),
  host: z.string().nullable(),
  level: LogLevel.nullable(),
  message: z.string(),
  format: LogFormat,
  /** The producer shape recognised (`log4j2-ecs`, `pino`, `heroku-router` …), null for the generic reading. */
  producer: z.string().nullable(),
  error: LogError.nullable(),
});
export type AnalyzedRecord = z.infer<typeof AnalyzedRecord>;

/** A result of `analyze` (REST `/api/ml/analyze` and the CLI): one per input log, in input order. */
export const AnalyzeResult = z.object({
  record: AnalyzedRecord,
  level: LogLevel.nullable(),
  category: Category,
  severity: Severity,
  templateId: z.string(),
  template: z.string(),
  scores: z.object({ severity: ScoreMap, category: ScoreMap }),
});
export type AnalyzeResult = z.infer<typeof AnalyzeResult>;

export const RULE_SOURCES = ['pack', 'user', 'sigma', 'builtin'] as const;
export const RuleSource = z.enum(RULE_SOURCES);
export type RuleSource = z.infer<typeof RuleSource>;

/**
 * Which rule raised an alert: a shipped pack rule, a user's rule, a Sigma rule (keep its author and
 * id, and name SigmaHQ, wherever it is shown: DRL 1.1) or one of Vigil's built-in fallbacks.
 */
export const AlertRuleRef = z.object({
  id: z.string(),
  source: RuleSource,
  /** The rule file, relative to its folder; null for built-in rules. */
  file: z.string().nullable(),
  title: z.string(),
  author: z.string().nullable(),
  sigmaId: z.string().nullable(),
  /** What an engineer can do about it. */
  advice: z.string().nullable(),
  references: z.array(z.string()),
});
export type AlertRuleRef = z.infer<typeof AlertRuleRef>;

/** What the rule engine loaded at start: counts per source, and every refused rule with its reason. */
export const RulesStatus = z.object({
  loaded: z.number().int(),
  bySource: z.record(z.string(), z.number().int()),
  /** The user's rules folder (Settings `rulesDir`, `--rules DIR`), null when none is set. */
  userDir: z.string().nullable(),
  /** User rules that replaced a shipped rule with the same id. */
  overridden: z.array(z.string()),
  refused: z.array(
    z.object({ source: RuleSource, file: z.string(), ruleId: z.string().nullable(), reason: z.string() }),
  ),
});
export type RulesStatus = z.infer<typeof RulesStatus>;

/**
 * Where an alert's sample came from (issue 18, Kafka context): the Kafka coordinates to read the
 * logs around it, the log's own time and host. Parallel to `Alert.samples`.
 */
export const SampleRef = z.object({
  topic: z.string(),
  partition: z.number().int(),
  /** Kafka offset as a decimal string (int64 does not fit a JS number). */
  offset: z.string(),
  /** The log's time, epoch ms (from the log when it carries one, else the Kafka timestamp). */
  time: z.number(),
  host: z.string().nullable(),
  service: z.string().nullable(),
});
export type SampleRef = z.infer<typeof SampleRef>;
/** How many occurrences of an alert came from one host, service or topic (i16b: alert location). */
export const LocationCount = z.object({ value: z.string(), count: z.number().int() });
export type LocationCount = z.infer<typeof LocationCount>;
/** Most values an alert's `hosts`, `services` and `topics` keep each (the rest is counted in `(other)`). */
export const MAX_LOCATION_VALUES = 20;
/** An engineer's verdict on an alert (A/B model testing): was it worth raising? */
export const AlertVerdict = z.object({
  verdict: z.enum(['useful', 'noise']),
  at: z.number(),
  who: z.string(),
  /** The alert's arm when the verdict was given (null outside experiments). */
  arm: z.string().nullable(),
});
export type AlertVerdict = z.infer<typeof AlertVerdict>;
// --- i16a: the audit trail ---
export const AUDIT_ACTIONS = ['ack', 'snooze', 'resolve', 'reopen', 'note', 'verdict'] as const;
export const AuditAction = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof AuditAction>;

/** One recorded action: who (decided by the engine, never by the window) and when. */
export const AuditEntry = z.object({
  at: z.number(),
  who: z.string(),
  action: AuditAction,
  /** The note, the snooze length or the reopen's cause; null when there is nothing to add. */
  text: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
// --- end i16a ---

export const Alert = z.object({
  id: z.string(),
  fingerprint: z.string(),
  level: AlertLevel,
  trigger: AlertTrigger,
  title: z.string(),
  /** Why the rule fired, in words an on-call engineer can act on. */
  reason: z.string(),
  count: z.number().int(),
  firstSeen: z.number(),
  lastSeen: z.number(),
  status: AlertStatus,
  snoozedUntil: z.number().nullable(),
  service: z.string().nullable(),
  topic: z.string().nullable(),
  templateId: z.string().nullable(),
  template: z.string().nullable(),
  /** A few raw messages, bounded. */
  samples: z.array(z.string()),
  /** The rule that raised (or last escalated) the alert; absent in histories written before rules had ids. */
  rule: AlertRuleRef.nullable().optional(),
  // ---- i18b: sample provenance (Kafka context) -------------------------------------------------
  /**
   * Where each sample came from, parallel to `samples` (same length and order) whenever present.
   * Absent in histories written before provenance was kept.
   */
  sampleRefs: z.array(SampleRef).optional(),
  // ---- end i18b ---------------------------------------------------------------------------------
  // ---- i16b: where an alert happened (absent in histories written before it) ----
  /** The main host: the grouping host when the alert groups by host, else the busiest; null when no log named one. */
  host: z.string().nullable().optional(),
  /** Occurrences per host, service and topic, busiest first, at most MAX_LOCATION_VALUES each. */
  hosts: z.array(LocationCount).optional(),
  services: z.array(LocationCount).optional(),
  topics: z.array(LocationCount).optional(),
  /** The fields that formed the alert's grouping key, e.g. ['template', 'service', 'host'] (docs/detection.md). */
  groupBy: z.array(z.string()).optional(),
  // ---- A/B model testing (i20): the experiment arm whose model decided, and the engineer's verdict.
  /** The experiment arm (model ref) whose model decided the log that raised the alert; null outside experiments. */
  arm: z.string().nullable().optional(),
  /** "useful" or "noise", one click on the alert; stored with the arm it judges. */
  verdict: AlertVerdict.nullable().optional(),
  // --- i16a: incidents and lifecycle (all optional: journals written before them still load) ---
  /** 1 at the first trigger, +1 each time the alert fires again after it was resolved (absent: 1). */
  occurrence: z.number().int().positive().optional(),
  /** When the current occurrence began after a resolve; null (or absent) for the first occurrence. */
  reopenedAt: z.number().nullable().optional(),
  /** The reason as written at the very first trigger; `reason` follows the latest evidence. */
  firstReason: z.string().nullable().optional(),
  /** Every action and reopen, oldest first, bounded (docs/incidents.md). */
  audit: z.array(AuditEntry).optional(),
  /** The incident the alert belongs to (null or absent: not grouped yet). */
  incidentId: z.string().nullable().optional(),
  // --- end i16a ---
  // ---- i18: patterns you can reach (absent in histories written before it) ----
  /**
   * The templates of the alert's evidence (template ids as the miner gave them, a merged one is
   * resolved when looked up), busiest first, at most MAX_LOCATION_VALUES, the rest counted in
   * `(other)`: a rule alert may span several templates, a template alert has its one.
   */
  templates: z.array(LocationCount).optional(),
  // ---- end i18 ----
});
export type Alert = z.infer<typeof Alert>;

// --- i16a: incidents ---
export const INCIDENT_TIMELINE_KINDS = [
  'opened',
  'joined',
  'escalated',
  'acknowledged',
  'snoozed',
  'resolved',
  'reopened',
  'note',
] as const;
export const IncidentTimelineKind = z.enum(INCIDENT_TIMELINE_KINDS);
export type IncidentTimelineKind = z.infer<typeof IncidentTimelineKind>;

export const IncidentTimelineEntry = z.object({
  at: z.number(),
  kind: IncidentTimelineKind,
  /** The alert that joined, escalated or reopened the incident; null for actions on the incident. */
  alertId: z.string().nullable(),
  level: AlertLevel.nullable(),
  text: z.string().nullable(),
});
export type IncidentTimelineEntry = z.infer<typeof IncidentTimelineEntry>;

/** Occurrences of the incident's alerts in one minute (`minute` = epoch ms / 60 000, floored). */
export const IncidentMinute = z.object({ minute: z.number().int(), count: z.number().int() });
export type IncidentMinute = z.infer<typeof IncidentMinute>;

/** Related alerts grouped into one thing to act on (docs/incidents.md: the grouping rules). */
export const Incident = z.object({
  id: z.string(),
  /** The leading alert's title, with how many more alerts joined it. */
  title: z.string(),
  /** The highest level of its alerts. */
  level: AlertLevel,
  /** The leading (highest level, then earliest) alert's trigger. */
  trigger: AlertTrigger,
  status: AlertStatus,
  snoozedUntil: z.number().nullable(),
  firstSeen: z.number(),
  lastSeen: z.number(),
  /** 1 at opening, +1 each time a child fires again after the incident was resolved. */
  occurrence: z.number().int().positive(),
  reopenedAt: z.number().nullable(),
  services: z.array(z.string()),
  hosts: z.array(z.string()),
  alertIds: z.array(z.string()),
  alertCount: z.number().int(),
  /** Opened, joins, escalations, actions, reopens and notes, oldest first, bounded. */
  timeline: z.array(IncidentTimelineEntry),
  /** Occurrences per minute over the last two hours of activity, oldest first. */
  perMinute: z.array(IncidentMinute),
  audit: z.array(AuditEntry),
  /** What grouped the alerts, e.g. `service=hdfs` or `address=10.0.0.7`. */
  groupKey: z.string(),
});
export type Incident = z.infer<typeof Incident>;
// --- end i16a ---

/** A row of the live tail the UI shows (sampled and batched, never one message per log). */
export const LiveLog = z.object({
  time: z.number(),
  topic: z.string(),
  partition: z.number().int(),
  offset: z.string(),
  service: z.string().nullable(),
  level: LogLevel.nullable(),
  message: z.string(),
  templateId: z.string(),
  severity: Severity,
  category: Category,
  /** What the parser understood (shown in the log detail; absent from older producers of rows). */
  host: z.string().nullable().optional(),
  format: LogFormat.optional(),
  producer: z.string().nullable().optional(),
  error: LogError.nullable().optional(),
});
export type LiveLog = z.infer<typeof LiveLog>;

export const PatternSummary = z.object({
  templateId: z.string(),
  template: z.string(),
  count: z.number(),
  firstSeen: z.number(),
  lastSeen: z.number(),
  /** Counts per recent interval, oldest first, for the trend sparkline. */
  trend: z.array(z.number()),
  isNew: z.boolean(),
});
export type PatternSummary = z.infer<typeof PatternSummary>;

export const ModelHeadInfo = z.object({ name: z.string(), labels: z.array(z.string()) });
export const ModelInfo = z.object({
  id: z.string(),
  version: z.string(),
  file: z.string(),
  sha256: z.string(),
  heads: z.array(ModelHeadInfo),
});
export type ModelInfo = z.infer<typeof ModelInfo>;

export const ShadowReport = z.object({
  candidate: ModelInfo,
  compared: z.number(),
  agreement: z.record(z.string(), z.number()),
  /** head → "active→candidate" label pair → count */
  disagreements: z.record(z.string(), z.record(z.string(), z.number())),
  latencyMs: z.object({ active: Percentiles, candidate: Percentiles }),
});
export type ShadowReport = z.infer<typeof ShadowReport>;

export const ModelStatus = z.object({
  active: ModelInfo.nullable(),
  /** Why no model is active, or why the last load was rejected. */
  error: z.string().nullable(),
  shadow: ShadowReport.nullable(),
});
export type ModelStatus = z.infer<typeof ModelStatus>;
