/**
 * A detector's finding: something about the stream (not one log) that may deserve an alert.
 * Signals are plain data so that rules, tests and the UI can read them without the detector.
 */
import type { AlertLevel, Severity } from '../contract';

export const SIGNAL_KINDS = [
  'new_template',
  'rate_spike',
  'error_spike',
  'lag_growth',
  // Numeric signals (core/detect/numeric): performance, with the level decided by the detector.
  'latency_shift',
  'http_5xx_surge',
  'resource_ceiling',
  'duration_threshold',
] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

export interface Signal {
  kind: SignalKind;
  /** What the detector tracked, e.g. `template:<id>`, `service:<name>`, `lag:total`. */
  key: string;
  service: string | null;
  topic: string | null;
  /** The host of the log that produced the signal, when known (volume signals). */
  host?: string | null;
  templateId: string | null;
  template: string | null;
  /** Severity of the log that produced the signal, when one did (new templates, spikes). */
  severity: Severity | null;
  /** The observed figure (count in the interval, consumer lag, ...). */
  value: number;
  /** What was expected instead (EWMA mean, previous lag, ...); 0 when there is no baseline. */
  baseline: number;
  /** One sentence for people, with the figures in it. */
  message: string;
  /** A raw log that shows the finding, when there is one. */
  sample: string | null;
  /** The detector clock (the injected `now`) when the signal fired. */
  at: number;
  /** The level the detector's data decided (numeric signals); the signal rule decides otherwise. */
  level?: AlertLevel;
  /** What an engineer can do about it (numeric signals), appended to the alert's reason. */
  advice?: string;
}

/** Shared empty result, so the common "nothing happened" path allocates nothing. */
export const NO_SIGNALS: readonly Signal[] = Object.freeze([]);

/** Shortens text for messages: templates can be long and messages should stay one line. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
