/**
 * An alert: the rule that raised it (and the rules' load status), where its samples came from and
 * where it happened, the engineer's verdict and the audit trail of actions. Re-exported by data.ts.
 */
import { z } from 'zod';
import { AlertLevel, AlertStatus, AlertTrigger } from './vocabulary';

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
