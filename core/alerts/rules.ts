/**
 * Alert rules as two readable tables:
 *  - LOG_RULES, checked in order for every analyzed log; the first rule whose `when` holds wins.
 *  - SIGNAL_RULES, one per detector signal kind.
 *
 * Rule packs come first: the rule engine (core/rules: shipped pack, user rules, Sigma) decides
 * trigger and level for every log one of its rules recognises (see docs/detection.md). The tables
 * below are the fallback for logs no rule recognises.
 *
 * Decisions worth knowing:
 *  - A log whose template matches a security pattern (failed password, invalid user,
 *    authentication failure, break-in, ...) is a security failure whatever the classifier said.
 *  - Otherwise an info-severity log that is not error/fatal at the producer raises nothing,
 *    whatever its category (e.g. "Accepted password" is security/info: no alert).
 *  - "Error" means severity error (classifier) or level error/fatal (producer).
 *  - The producer's fatal level is an input, not the final word: a fatal log no rule knows is
 *    critical the first time, and medium once its template has been logging fatal lines for
 *    `routineFatalMs` (a routine repeat, not a new outage; an open critical alert stays critical). sshd's `fatal: ... [preauth]` (a client that went away
 *    during authentication) is not a crash at all.
 *  - Brute force: more than `burstThreshold` security failures for one service on one host within
 *    `burstWindowMs` make the failure critical, grouped per service and host (not per template)
 *    into one "Possible brute-force attack" alert: an attack on two hosts is two alerts, and sshd,
 *    sudo and a web server failing on one host are not one attack. PAM sub-modules count as their
 *    program (`sshd(pam_unix)` is `sshd`: core/rules/group-by.ts).
 *  - Grouping: every rule groups by service and host beside its template (or its own name), unless
 *    it says otherwise; `RuleOptions.groupBy` overrides it per rule name (docs/detection.md).
 */
import type { AlertLevel, AlertTrigger, Analysis, LogRecord } from '../contract';
import { clip, type Signal } from '../detect/signal';
import type { RuleEngine } from '../rules';
import { errorSummary } from '../parse/exception';
import { DEFAULT_GROUP_BY, groupService } from '../rules/group-by';
import { WindowCounter } from '../rules/window-counter';
import type { AlertCandidate } from './candidate';
import { RecurrenceTracker } from './recurrence';
import { sampleRefOf } from './sample-ref';
import { builtinRef, candidateFromHit } from './pack-candidate';
import { PATTERN_PERFORMANCE, PATTERN_PREAUTH, PATTERN_SECURITY, PatternCache } from './text-patterns';
import { burstKey, extraKey } from './group-key';
import { NO_GROUP_BY, SIGNAL_GROUP_BY, SIGNAL_RULES } from './signal-rules';

export { SIGNAL_RULES, type SignalRule } from './signal-rules';

export interface RuleOptions {
  burstThreshold: number;
  burstWindowMs: number;
  burstMaxKeys: number;
  /** A template logging fatal lines for this long is routine: its fatal lines are medium, not high. */
  routineFatalMs: number;
  /**
   * Grouping fields per rule name (`service`, `host`, `field:<name>`), replacing the rule's own
   * (default `['service', 'host']`). E.g. `{ 'security-burst': ['host', 'field:source.ip'] }`
   * makes one brute-force alert per host and attacking address, counted per that pair.
   */
  groupBy: Readonly<Record<string, readonly string[]>>;
}

export const DEFAULT_RULE_OPTIONS: RuleOptions = {
  burstThreshold: 10,
  burstWindowMs: 60_000,
  burstMaxKeys: 10_000,
  routineFatalMs: 10 * 60_000,
  groupBy: {},
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
  /** Security failures of this burst group (service and host) in the window (0 unless a security failure). */
  burstCount: number;
  /** Fatal at the producer, and not sshd's routine `[preauth]` disconnect. */
  fatal: boolean;
  /** This template has been logging fatal lines for longer than `routineFatalMs`. */
  routineFatal: boolean;
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
  return groupService(r.service) ?? r.host ?? 'an unnamed service';
}

function said(f: LogFacts): string {
  return `"${clip(f.record.message, 200)}"`;
}

function pattern(f: LogFacts): string {
  return clip(f.analysis.template, 80);
}

/**
 * The exception a log carries, in words (`SocketTimeoutException: Read timed out`), or null.
 * When present it names the alert: "SocketTimeoutException: Read timed out in payments".
 */
function exceptionOf(f: LogFacts): string | null {
  const summary = errorSummary(f.record.error);
  return summary === null ? null : clip(summary, 120);
}

/** `<what> in <where>` from the exception when there is one, else the rule's own wording. */
function headline(f: LogFacts, fallback: string): string {
  const exception = exceptionOf(f);
  return exception === null ? fallback : `${exception} in ${where(f.record)}`;
}

/** A sentence naming the exception and its root cause, or '' when the log carries none. */
function exceptionReason(f: LogFacts): string {
  const e = f.record.error;
  if (e === null || e === undefined) return '';
  const thrown = [e.type, e.message].filter((x) => x !== null).join(': ');
  const root = e.rootCause !== null && e.rootCause !== thrown ? ` caused by ${clip(e.rootCause, 200)}` : '';
  return thrown === '' && root === '' ? '' : ` It carries the exception ${clip(thrown, 200)}${root}.`;
}

/** Error rules whose alerts group by the exception a log carries (type and message, per service). */
const BY_EXCEPTION: ReadonlySet<string> = new Set(['performance-error', 'system-error', 'application-error']);

/** `exception:<type>: <message>` of a log that carries a typed exception, else null. */
function exceptionKey(record: LogRecord): string | null {
  const e = record.error;
  if (e === null || e === undefined || e.type === null) return null;
  return `exception:${e.type}: ${e.message ?? ''}`;
}

export const LOG_RULES: readonly LogRule[] = [
  {
    name: 'security-burst',
    trigger: 'security',
    level: 'critical',
    when: (f) => f.securityPattern && f.burstCount > f.options.burstThreshold,
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
    when: (f) => f.securityPattern,
    title: (f) => `Security failure on ${where(f.record)}: ${pattern(f)}`,
    reason: (f) =>
      'The log reports a failed login, an invalid user, an authentication failure or a break-in attempt: ' +
      `${said(f)}. Verify that the account and the source address are legitimate.`,
  },
  {
    // The classifier alone is an input, not the final word (docs/detection.md): without a security
    // keyword or a rule, its "security error" is a risk worth a look, not a failure that needs a person now.
    name: 'security-suspect',
    trigger: 'security',
    level: 'medium',
    when: (f) => f.securityFailure,
    title: (f) => `Possible security issue on ${where(f.record)}: ${pattern(f)}`,
    reason: (f) =>
      `The classifier rated this log as a security error, though it names no known failure: ${said(f)}. ` +
      'Check whether it concerns an account, a permission or an access that should not happen.',
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
    when: (f) => f.fatal && !f.routineFatal,
    title: (f) => headline(f, `Fatal error in ${where(f.record)}: ${pattern(f)}`),
    reason: (f) =>
      `The producer logged at fatal level: ${said(f)}.${exceptionReason(f)} The process has likely stopped or lost a component; ` +
      'check that it is running and restarted cleanly.',
  },
  {
    name: 'fatal-routine',
    trigger: 'system_error',
    level: 'medium',
    when: (f) => f.fatal,
    title: (f) => `Recurring fatal log in ${where(f.record)}: ${pattern(f)}`,
    reason: (f) =>
      `The producer keeps logging this at fatal level (for more than ${Math.round(f.options.routineFatalMs / 60_000)} min): ${said(f)}. ` +
      'A message that repeats routinely is not an outage; check whether the component works and fix or re-level the log.',
  },
  {
    name: 'performance-error',
    trigger: 'performance',
    level: 'high',
    when: (f) => f.performance && f.isError,
    title: (f) => headline(f, `Performance failure in ${where(f.record)}: ${pattern(f)}`),
    reason: (f) =>
      `An operation failed on time (timeout or slowness reported as an error): ${said(f)}.${exceptionReason(f)} ` +
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
      headline(
        f,
        `${f.analysis.category === 'network' ? 'Network' : 'System'} error in ${where(f.record)}: ${pattern(f)}`,
      ),
    reason: (f) =>
      `A ${f.analysis.category} error was logged: ${said(f)}.${exceptionReason(f)} Check the host or resource it names.`,
  },
  {
    name: 'application-error',
    trigger: 'system_error',
    level: 'low',
    when: (f) => f.isError,
    title: (f) => headline(f, `Error in ${where(f.record)}: ${pattern(f)}`),
    reason: (f) =>
      `An application error was logged: ${said(f)}.${exceptionReason(f)} Look at it if it repeats.`,
  },
];

export class AlertRules {
  readonly options: RuleOptions;
  private readonly patterns = new PatternCache();
  private readonly bursts: WindowCounter;
  private readonly fatalSeen = new RecurrenceTracker();
  private readonly facts: LogFacts;
  /** Per log rule: its grouping fields, and those beyond service/host (which go in its groupKey). */
  private readonly grouping: ReadonlyMap<string, { by: readonly string[]; extra: readonly string[] }>;
  private readonly burstGroupBy: readonly string[];

  constructor(
    options: Partial<RuleOptions> = {},
    /** Pack, user and Sigma rules, consulted before the fallback tables; null: fallbacks only. */
    readonly engine: RuleEngine | null = null,
  ) {
    this.options = { ...DEFAULT_RULE_OPTIONS, ...options };
    this.bursts = new WindowCounter({
      windowMs: this.options.burstWindowMs,
      maxKeys: this.options.burstMaxKeys,
    });
    const grouping = new Map<string, { by: readonly string[]; extra: readonly string[] }>();
    for (const rule of LOG_RULES) {
      const by = this.options.groupBy[rule.name] ?? DEFAULT_GROUP_BY;
      grouping.set(rule.name, { by, extra: by.filter((f) => f !== 'service' && f !== 'host') });
    }
    this.grouping = grouping;
    this.burstGroupBy = grouping.get('security-burst')!.by;
    this.facts = {
      record: undefined as unknown as LogRecord,
      analysis: undefined as unknown as Analysis,
      isError: false,
      securityPattern: false,
      securityFailure: false,
      security: false,
      performance: false,
      burstCount: 0,
      fatal: false,
      routineFatal: false,
      options: this.options,
    };
  }

  /** The candidate for one analyzed log, or null (the common case: no allocation then). */
  evaluateLog(record: LogRecord, analysis: Analysis, now: number): AlertCandidate | null {
    if (this.engine !== null) {
      const decision = this.engine.evaluate(record, analysis.template, now);
      if (decision === 'claimed') return null;
      if (decision !== null)
        return candidateFromHit(decision, record, analysis.templateId, analysis.template);
    }
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
    f.burstCount = f.securityPattern ? this.bursts.hit(burstKey(this.burstGroupBy, record), now) : 0;
    f.fatal = record.level === 'fatal' && (hits & PATTERN_PREAUTH) === 0;
    f.routineFatal =
      f.fatal && this.fatalSeen.seenFor(analysis.templateId, now) > this.options.routineFatalMs;

    for (const rule of LOG_RULES) {
      if (!rule.when(f)) continue;
      const perTemplate = rule.groupKey === undefined;
      const exception = perTemplate && BY_EXCEPTION.has(rule.name) ? exceptionKey(record) : null;
      const grouping = this.grouping.get(rule.name)!;
      const key = exception ?? (perTemplate ? analysis.templateId : rule.groupKey!(f));
      return {
        rule: rule.name,
        level: rule.level,
        trigger: rule.trigger,
        title: rule.title(f),
        reason: rule.reason(f),
        groupKey: grouping.extra.length === 0 ? key : key + extraKey(grouping.extra, record),
        ...(exception === null ? {} : { byException: true }),
        service: record.service,
        topic: record.topic,
        host: record.host,
        groupBy: grouping.by,
        groupKind: perTemplate ? 'template' : 'rule',
        templateId: perTemplate ? analysis.templateId : null,
        template: perTemplate ? analysis.template : null,
        logTemplateId: analysis.templateId,
        sample: record.message,
        sampleRef: sampleRefOf(record),
        ruleRef: builtinRef(rule.name, rule.title(f)),
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
      // Without a service the detector key names the stream (`template:<id>@<host or topic>`).
      groupKey: signal.templateId !== null && signal.service !== null ? signal.templateId : signal.key,
      service: signal.service,
      topic: signal.topic,
      host: signal.host ?? null,
      groupBy: signal.service === null ? NO_GROUP_BY : SIGNAL_GROUP_BY,
      groupKind: signal.templateId === null ? 'signal' : 'template',
      templateId: signal.templateId,
      template: signal.template,
      sample: signal.sample,
      ruleRef: { ...builtinRef(`signal.${signal.kind}`, rule.title(signal)), advice: signal.advice ?? null },
    };
  }
}
