/**
 * The closed vocabularies of the contract: alert levels, triggers and statuses, the models'
 * severity and category labels, log levels and formats. Re-exported by data.ts.
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
