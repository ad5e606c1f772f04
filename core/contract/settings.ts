/**
 * User settings. They belong to the host (Electron main or the headless host), not to the engine:
 * only the host can encrypt secrets with the OS keychain. A settings response never carries the
 * SASL password; `passwordSet` says whether one is stored.
 */
import { z } from 'zod';
import { KafkaConfig } from './config';
import { AlertLevel } from './data';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');

export const NotificationSettings = z.object({
  /** Levels that raise a native notification. */
  levels: z.array(AlertLevel).default(['critical', 'high']),
  doNotDisturb: z.boolean().default(false),
  quietHours: z
    .object({ enabled: z.boolean(), start: hhmm, end: hhmm, allowCritical: z.boolean() })
    .default({ enabled: false, start: '22:00', end: '07:00', allowCritical: true }),
  maxPerMinute: z.number().int().min(1).max(60).default(5),
});
export type NotificationSettings = z.infer<typeof NotificationSettings>;

export const ThresholdSettings = z.object({
  latencyP99Ms: z.number().positive().max(600_000).default(250),
  errorRate: z.number().min(0).max(1).default(0.01),
});
export type ThresholdSettings = z.infer<typeof ThresholdSettings>;

// --- i16a: incidents ---
/** Keys that may group alerts into one incident (docs/incidents.md). */
export const INCIDENT_GROUP_KEYS = ['address', 'host', 'service', 'family', 'together'] as const;
export const IncidentGroupKey = z.enum(INCIDENT_GROUP_KEYS);
export type IncidentGroupKey = z.infer<typeof IncidentGroupKey>;

/**
 * How alerts are grouped into incidents (Alertmanager's group_by / group_interval in spirit):
 * an alert joins an open incident that shares one of `groupBy`'s keys and was active within
 * `windowMs`; `together` groups alerts that start within `togetherMs` of an incident's opening.
 */
export const IncidentSettings = z.object({
  groupBy: z
    .array(IncidentGroupKey)
    .max(INCIDENT_GROUP_KEYS.length)
    .default(['address', 'host', 'service', 'family', 'together']),
  windowMs: z
    .number()
    .int()
    .min(10_000)
    .max(24 * 3600_000)
    .default(10 * 60_000),
  togetherMs: z.number().int().min(0).max(600_000).default(30_000),
  // --- s8-i16: incident episodes ---
  /**
   * An incident whose alerts have all been quiet this long ends (Vigil resolves it and its alerts);
   * the next firing opens a new incident (Alertmanager's resolve_timeout in spirit). Default 2 min:
   * two of the rules' 60 s windows without a single occurrence. 0: never (only the alerts' own
   * auto-resolve ends an incident).
   */
  endAfterQuietMs: z
    .number()
    .int()
    .min(0)
    .max(24 * 3600_000)
    .default(2 * 60_000),
  // --- end s8-i16 ---
});
export type IncidentSettings = z.infer<typeof IncidentSettings>;
// --- end i16a ---

export const Settings = z.object({
  kafka: KafkaConfig.nullable().default(null),
  notifications: NotificationSettings.default(NotificationSettings.parse({})),
  thresholds: ThresholdSettings.default(ThresholdSettings.parse({})),
  theme: z.enum(['dark', 'light', 'system']).default('dark'),
  /**
   * A folder of the user's own rule files (YAML or JSON, the pack's format). A rule there with the
   * id of a shipped rule replaces it. Read when the engine starts (restart the app to reload).
   */
  rulesDir: z.string().max(4096).nullable().default(null),
  /** A/B model testing: a folder of the user's own models (manifest.json + .onnx), listed beside the shipped ones. Read at engine start. */
  modelsDir: z.string().max(4096).nullable().default(null),
  // --- i16a: incidents and the actor ---
  /** The name recorded as `who` in audit trails; null: the OS user name. Read when the engine starts. */
  actorName: z.string().trim().max(128).nullable().default(null),
  /** Incident grouping (docs/incidents.md). Read when the engine starts. */
  incidents: IncidentSettings.default(IncidentSettings.parse({})),
  // --- end i16a ---
  // ---- the local history of analyzed logs (core/history, issue 18); read when the engine starts ----
  /** Keep the analyzed logs on disk to search them later (Logs view, `POST /api/logs/query`). */
  historyEnabled: z.boolean().default(true),
  /** Logs older than this (by arrival) are deleted. */
  historyMaxAgeHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24),
  /** The history's disk budget; the oldest logs are deleted first to stay within it. */
  historyMaxBytes: z
    .number()
    .int()
    .min(16 * 1024 ** 2)
    .max(1024 ** 4)
    .default(2 * 1024 ** 3),
});
export type Settings = z.infer<typeof Settings>;
export type SettingsInput = z.input<typeof Settings>;

/** What `settings:get` returns: the password replaced by a flag. */
export const SettingsView = Settings.extend({ passwordSet: z.boolean() });
export type SettingsView = z.infer<typeof SettingsView>;

/**
 * Commands handled by the host rather than the engine. A `settings:set` whose SASL password is
 * the redaction placeholder keeps the stored password.
 */
export const hostCommands = {
  'settings:get': { request: z.object({}).strict(), response: SettingsView },
  'settings:set': { request: Settings, response: SettingsView },
} as const;
