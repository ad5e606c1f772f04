/**
 * SIGNAL_RULES: one alert rule per detector signal kind (core/detect). Volume signals name the
 * stream they measured (service, else host, else topic) in their title; they group by their
 * template or detector key and their service (`groupBy`), the pipeline's own lag by nothing else.
 */
import type { AlertLevel, AlertTrigger } from '../contract';
import { clip, type Signal, type SignalKind } from '../detect/signal';
import { NUMERIC_SIGNAL_RULES } from './numeric-signal-rules';

export interface SignalRule {
  trigger: AlertTrigger;
  level(signal: Signal): AlertLevel;
  title(signal: Signal): string;
  reason(signal: Signal): string;
}

/** The stream a signal measured: its service, else its host, else its topic. */
export function signalPlace(s: Signal): string {
  return s.service ?? s.host ?? (s.topic === null ? 'all services' : `topic ${s.topic}`);
}

/** `[kind, service]` for signals about one stream, `[kind]` for the pipeline's own (lag). */
export const SIGNAL_GROUP_BY: readonly string[] = Object.freeze(['service']);
export const NO_GROUP_BY: readonly string[] = Object.freeze([]);

export const SIGNAL_RULES: Record<SignalKind, SignalRule> = {
  error_spike: {
    trigger: 'system_error',
    level: () => 'high',
    title: (s) => `Error spike in ${signalPlace(s)}`,
    reason: (s) => `${s.message} Something changed: check recent deploys, dependencies and the samples.`,
  },
  rate_spike: {
    trigger: 'anomaly',
    level: () => 'medium',
    title: (s) => `Unusual volume of "${clip(s.template ?? s.key, 80)}" in ${clip(signalPlace(s), 60)}`,
    reason: (s) => `${s.message} A loop, a retry storm or a change in traffic can cause this.`,
  },
  new_template: {
    trigger: 'anomaly',
    level: (s) => (s.severity === 'error' ? 'medium' : 'low'),
    title: (s) => `New log pattern in ${signalPlace(s)}`,
    reason: (s) => `${s.message} New code paths or a new failure mode show up this way.`,
  },
  lag_growth: {
    trigger: 'performance',
    level: () => 'high',
    title: () => 'Consumer lag growing',
    reason: (s) => `${s.message} Check the analysis throughput and the producers' rate.`,
  },
  ...NUMERIC_SIGNAL_RULES,
};
