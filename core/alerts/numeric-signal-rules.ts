/**
 * Alert rules for the numeric signals (core/detect/numeric): durations and resource ceilings are
 * *performance* alerts; a surge of HTTP 5xx answers is a *system_error* (requests fail: the
 * "errors" signal, not "latency"; the trigger rule is in docs/detection.md). Their level is decided by the detector from its data and options (see core/detect/README-numeric.md):
 * degradation is medium, a failure that needs a person now is high, an outage (nearly every HTTP
 * answer a 5xx) is critical. Latency and threshold alerts group per service and template; 5xx and
 * resource alerts per service (and resource), so an incident is one alert, not one per log.
 */
import type { Signal } from '../detect/signal';
import type { SignalRule } from './signal-rules';

function place(s: Signal): string {
  return s.service ?? s.topic ?? 'an unnamed stream';
}

function reason(s: Signal): string {
  return s.advice === undefined ? s.message : `${s.message} ${s.advice}`;
}

const RESOURCE_NAMES: Record<string, string> = { cpu: 'CPU', memory: 'Memory', disk: 'Disk' };

export const NUMERIC_SIGNAL_RULES = {
  latency_shift: {
    trigger: 'performance',
    level: (s) => s.level ?? 'medium',
    title: (s) => `Slower responses in ${place(s)}`,
    reason,
  },
  http_5xx_surge: {
    trigger: 'system_error',
    level: (s) => s.level ?? 'high',
    title: (s) => `Surge of HTTP 5xx answers in ${place(s)}`,
    reason,
  },
  resource_ceiling: {
    trigger: 'performance',
    level: (s) => s.level ?? 'medium',
    title: (s) => `${RESOURCE_NAMES[s.key.split(':')[1] ?? ''] ?? 'Resource'} at its ceiling in ${place(s)}`,
    reason,
  },
  duration_threshold: {
    trigger: 'performance',
    level: (s) => s.level ?? 'medium',
    title: (s) => `Very slow operations in ${place(s)}`,
    reason,
  },
} satisfies Record<string, SignalRule>;
