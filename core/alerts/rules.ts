/**
 * Alert rules as two readable tables:
 *  - LOG_RULES, checked in order for every analyzed log; the first rule whose `when` holds wins.
 *  - SIGNAL_RULES, one per detector signal kind.
 *
 * Decisions worth knowing:
 *  - A log whose template matches a security pattern (failed password, invalid user,
 *    authentication failure, break-in, ...) is a security failure whatever the classifier said.
 *  - Otherwise an info-severity log that is not error/fatal at the producer raises nothing,
 *    whatever its category (e.g. "Accepted password" is security/info: no alert).
 *  - "Error" means severity error (classifier) or level error/fatal (producer).
 *  - Brute force: more than `burstThreshold` security failures for one service (or host) within
 *    `burstWindowMs` make the failure critical, grouped per service (not per template) into one
 *    "Possible brute-force attack" alert.
 */
import type { AlertLevel, AlertTrigger, Analysis, LogRecord } from '../contract';
import { clip, type Signal, type SignalKind } from '../detect/signal';
import { BurstCounter } from './burst-counter';
import type { AlertCandidate } from './candidate';
import { NUMERIC_SIGNAL_RULES } from './numeric-signal-rules';
import { PATTERN_PERFORMANCE, PATTERN_SECURITY, PatternCache } from './text-patterns';

export interface RuleOptions {
  burstThreshold: number;
  burstWindowMs: number;
  burstMaxKeys: number;
}

export const DEFAULT_RULE_OPTIONS: RuleOptions = {
  burstThreshold: 10,
  burstWindowMs: 60_000,
  burstMaxKeys: 10_000,
};

/** What the log rules look at, computed once per log into a reused object. */
export interface LogFacts {
  record: LogRecord;
  analysis: Analysis;
  isError: boolean;
  securityPattern: boolean;
  /** Security pattern, or category security rated error. */
  securityFailure: boolean;
  security: boolean;
  performance: boolean;
  /** Security failures of this service/host in the burst window (0 unless a security failure). */
  burstCount: number;
  options: RuleOptions;
}

export interface LogRule {
  name: string;
  trigger: AlertTrigger;
  level: AlertLevel;
  /**
   * Alerts group by template unless the rule says otherwise: a brute-force alert is about the
   * service under attack, whichever failure messages the attack produces.
   */
  groupKey?: (f: LogFacts) => string;
  when(f: LogFacts): boolean;
  title(f: LogFacts): string;
  reason(f: LogFacts): string;
}

function where(r: LogRecord): string {
  return r.service ?? r.host ?? 'an unnamed service';
}

function said(f: LogFacts): string {
  return `"${clip(f.record.message, 200)}"`;
}

function pattern(f: LogFacts): string {
  return clip(f.analysis.template, 80);
}

export const LOG_RULES: readonly LogRule[] = [
  {
    name: 'security-burst',
    trigger: 'security',
    level: 'critical',
    when: (f) => f.securityFailure && f.burstCount > f.options.burstThreshold,
    groupKey: () => 'rule:security-burst',
    title: (f) => `Possible brute-force attack on ${where(f.record)}`,
    reason: (f) =>
      `${f.burstCount} security failures (failed logins, invalid users, authentication failures) on ${where(f.record)} ` +
      `within ${f.options.burstWindowMs / 1000} s, above the limit of ${f.options.burstThreshold}. Latest: ${said(f)}. ` +
      'Check the source addresses in the samples and block them if they are not expected.',
  },
  {
    name: 'security-failure',
    trigger: 'security',
    level: 'high',
    when: (f) => f.securityFailure,
    title: (f) => `Security failure on ${where(f.record)}: ${pattern(f)}`,
    reason: (f) =>
      (f.securityPattern
        ? 'The log reports a failed login, an invalid user, an authentication failure or a break-in attempt: '
        : 'The classifier rated this security log as an error: ') +
      `${said(f)}. Verify that the account and the source address are legitimate.`,
  },
  {
    name: 'security-warning',
    trigger: 'security',
    level: 'medium',
    when: (f) => f.security && f.analysis.severity === 'warning',
    title: (f) => `Security warning on ${where(f.record)}: ${pattern(f)}`,
    reason: (f) =>
      `A security-related warning was logged: ${said(f)}. Review it if it repeats or is unexpected.`,
  },
  {
    name: 'fatal',
    trigger: 'system_error',
    level: 'critical',
    when: (f) => f.record.level === 'fatal',
    title: (f) => `Fatal error in ${where(f.record)}: ${pattern(f)}`,
    reason: (f) =>
      `The producer logged at fatal level: ${said(f)}. The process has likely stopped or lost a component; ` +
      'check that it is running and restarted cleanly.',
  },
  {
    name: 'performance-error',
    trigger: 'performance',
    level: 'high',
    when: (f) => f.performance && f.isError,
    title: (f) => `Performance failure in ${where(f.record)}: ${pattern(f)}`,
    reason: (f) =>
      `An operation failed on time (timeout or slowness reported as an error): ${said(f)}. ` +
      'Check the latency and load of the component or dependency it names.',
  },
  {
    name: 'performance-warning',
    trigger: 'performance',
    level: 'medium',
    when: (f) => f.performance && f.analysis.severity === 'warning',
    title: (f) => `Slowness in ${where(f.record)}: ${pattern(f)}`,
    reason: (f) => `A slowness warning was logged: ${said(f)}. Watch whether it turns into timeouts.`,
  },
  {
    name: 'system-error',
    trigger: 'system_error',
    level: 'medium',
    when: (f) => f.isError && (f.analysis.category === 'system' || f.analysis.category === 'network'),
    title: (f) =>
      `${f.analysis.category === 'network' ? 'Network' : 'System'} error in ${where(f.record)}: ${pattern(f)}`,
    reason: (f) =>
      `A ${f.analysis.category} error was logged: ${said(f)}. Check the host or resource it names.`,
  },
  {
    name: 'application-error',
    trigger: 'system_error',
    level: 'low',
    when: (f) => f.isError,
    title: (f) => `Error in ${where(f.record)}: ${pattern(f)}`,
    reason: (f) => `An application error was logged: ${said(f)}. Look at it if it repeats.`,
  },
];

export interface SignalRule {
  trigger: AlertTrigger;
  level(signal: Signal): AlertLevel;
  title(signal: Signal): string;
  reason(signal: Signal): string;
}

function signalPlace(s: Signal): string {
  return s.service ?? 'all services';
}

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
    title: (s) => `Unusual volume of "${clip(s.template ?? s.key, 80)}"`,
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

export class AlertRules {
  readonly options: RuleOptions;
  private readonly patterns = new PatternCache();
  private readonly bursts: BurstCounter;
  private readonly facts: LogFacts;

  constructor(options: Partial<RuleOptions> = {}) {
    this.options = { ...DEFAULT_RULE_OPTIONS, ...options };
    this.bursts = new BurstCounter({
      windowMs: this.options.burstWindowMs,
      maxKeys: this.options.burstMaxKeys,
    });
    this.facts = {
      record: undefined as unknown as LogRecord,
      analysis: undefined as unknown as Analysis,
      isError: false,
      securityPattern: false,
      securityFailure: false,
      security: false,
      performance: false,
      burstCount: 0,
      options: this.options,
    };
  }

  /** The candidate for one analyzed log, or null (the common case: no allocation then). */
  evaluateLog(record: LogRecord, analysis: Analysis, now: number): AlertCandidate | null {
    const hits = this.patterns.lookup(analysis.template);
    const isError = analysis.severity === 'error' || record.level === 'error' || record.level === 'fatal';
    const securityPattern = (hits & PATTERN_SECURITY) !== 0;
    if (!isError && !securityPattern && analysis.severity === 'info') return null;

    const f = this.facts;
    f.record = record;
    f.analysis = analysis;
    f.isError = isError;
    f.securityPattern = securityPattern;
    f.security = securityPattern || analysis.category === 'security';
    f.securityFailure = securityPattern || (analysis.category === 'security' && isError);
    f.performance =
      analysis.category === 'performance' ||
      ((hits & PATTERN_PERFORMANCE) !== 0 && (isError || analysis.severity === 'warning'));
    f.burstCount = f.securityFailure ? this.bursts.hit(record.service ?? record.host ?? '', now) : 0;

    for (const rule of LOG_RULES) {
      if (!rule.when(f)) continue;
      const perTemplate = rule.groupKey === undefined;
      return {
        rule: rule.name,
        level: rule.level,
        trigger: rule.trigger,
        title: rule.title(f),
        reason: rule.reason(f),
        groupKey: perTemplate ? analysis.templateId : rule.groupKey!(f),
        service: record.service,
        topic: record.topic,
        templateId: perTemplate ? analysis.templateId : null,
        template: perTemplate ? analysis.template : null,
        sample: record.message,
      };
    }
    return null;
  }

  evaluateSignal(signal: Signal): AlertCandidate | null {
    const rule = SIGNAL_RULES[signal.kind];
    if (rule === undefined) return null;
    return {
      rule: `signal:${signal.kind}`,
      level: rule.level(signal),
      trigger: rule.trigger,
      title: rule.title(signal),
      reason: rule.reason(signal),
      groupKey: signal.templateId ?? signal.key,
      service: signal.service,
      topic: signal.topic,
      templateId: signal.templateId,
      template: signal.template,
      sample: signal.sample,
    };
  }
}
