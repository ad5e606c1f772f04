/**
 * What a rule produces: a proposal for an alert occurrence, before grouping. The store groups
 * candidates by fingerprint (trigger + template, rule or detector key + the rule's grouping
 * fields, by default service and host: group-key.ts) into `Alert`s.
 */
import { createHash } from 'node:crypto';
import type { AlertLevel, AlertRuleRef, AlertTrigger, SampleRef } from '../contract';

export interface AlertCandidate {
  /** Name of the rule that fired, for tests and debugging. */
  rule: string;
  level: AlertLevel;
  trigger: AlertTrigger;
  title: string;
  reason: string;
  /** Template id for log rules, the detector key for signals without a template (e.g. `lag:total`). */
  groupKey: string;
  service: string | null;
  topic: string | null;
  /** The host of the log (or signal) behind this occurrence, when known. */
  host?: string | null;
  /**
   * The grouping fields beside `groupKey` that the store adds to the fingerprint (`service`,
   * `host`) and that the alert lists in `groupBy` (others, e.g. `field:source.ip`, are already in
   * `groupKey`). Absent: `['service']`, the grouping before alerts knew their host.
   */
  groupBy?: readonly string[];
  /** What `groupKey` is: `template`, `rule`, `exception` or `signal` (listed first in `groupBy`). */
  groupKind?: string;
  templateId: string | null;
  template: string | null;
  /**
   * i18: the template of the log behind this occurrence when `templateId` is null because the
   * rule groups by something else (absent: `templateId`). Counted in `Alert.templates`.
   */
  logTemplateId?: string | null;
  /** A raw message to keep as a sample, when there is one. */
  sample: string | null;
  /** Where the sample came from (topic, partition, offset, time, host); absent: unknown. */
  sampleRef?: SampleRef | null;
  /** Which rule raised it, shown with the alert (absent: a built-in rule named by `rule`). */
  ruleRef?: AlertRuleRef | null;
  /**
   * Grouped by exception whatever the trigger: the same exception in the same service is one alert,
   * rated performance when its root cause is a timeout and a plain error while that is unknown
   * (a producer that writes no causes); the higher occurrence escalates it.
   */
  byException?: boolean;
}

const LEVEL_RANK: Record<AlertLevel, number> = { low: 0, medium: 1, high: 2, critical: 3 };

export function levelRank(level: AlertLevel): number {
  return LEVEL_RANK[level];
}

/**
 * Readable and stable: equal inputs give equal fingerprints across restarts. Without a host it
 * is the fingerprint alerts had before they grouped by host, so their ids carry on.
 */
export function fingerprintOf(
  trigger: AlertTrigger | 'exception',
  groupKey: string,
  service: string | null,
  host: string | null = null,
): string {
  const base = `${trigger}|${groupKey}|${service ?? ''}`;
  return host === null ? base : `${base}|host:${host}`;
}

/** Alert id derived from the fingerprint, so a group keeps its id across restarts and reopenings. */
export function alertIdOf(fingerprint: string): string {
  return `al-${createHash('sha256').update(fingerprint).digest('hex').slice(0, 20)}`;
}
