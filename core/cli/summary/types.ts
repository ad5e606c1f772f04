/**
 * The incident summary of `vigil analyze --summary`: what an on-call engineer wants at the end of
 * an incident, computed from the whole file with bounded memory. Times are the logs' own times
 * (epoch ms), not the time of the analysis.
 */
import type { AlertLevel, AlertTrigger, Severity } from '../../contract';

export interface SummaryAlert {
  level: AlertLevel;
  trigger: AlertTrigger;
  title: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
  service: string | null;
  reason: string;
}

export interface SummaryTemplate {
  templateId: string;
  /** The template's latest text (templates generalize as more logs arrive). */
  template: string;
  count: number;
  errors: number;
  warnings: number;
  /** The worst severity among its logs. */
  severity: Severity;
  firstSeen: number;
  lastSeen: number;
}

export interface ErrorBucket {
  /** Start of the bucket, epoch ms. */
  start: number;
  errors: number;
}

export interface IncidentSummary {
  input: string;
  lines: { total: number; analyzed: number; failed: number; blank: number };
  /** First and last log time seen, or null when no log was analyzed. */
  timeRange: { first: number; last: number } | null;
  /** Logs that carried no time of their own: they count at the time of the log before them. */
  logsWithoutTime: number;
  /** Analyzed lines the summary could not parse again (expected 0: it parses as the engine does). */
  notSummarized: number;
  /** Alerts the engine's rules would have raised, worst level first, then by count. */
  alerts: SummaryAlert[];
  /** Alerts raised in all; `alerts` lists at most the first MAX_ALERTS_LISTED. */
  alertsTotal: number;
  topTemplates: { byCount: SummaryTemplate[]; bySeverity: SummaryTemplate[] };
  /** Templates in the tally at the end, and how many were dropped from it to bound memory. */
  templates: { tracked: number; dropped: number };
  /** Error logs (severity error, or level error/fatal) per bucket of the logs' own time. */
  errorsPerMinute: { bucketMs: number; total: number; buckets: ErrorBucket[] };
}
