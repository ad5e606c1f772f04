/**
 * The rule engine: which rule, if any, decides about one analyzed log.
 *
 * Cost model (the pipeline runs at 70,000+ logs/s): the template conditions of every rule (template
 * regex, notTemplate, template-scoped predicates) are evaluated once per distinct template text and
 * the surviving rules are cached (bounded map, cleared when full). Per log only the candidates of
 * its template are checked, with their cheap per-log conditions (level, service, fields, error)
 * before the message regex. Most templates have no candidate: then a log costs one map lookup.
 *
 * Decision: among the rules that match, each thresholded one counts the log in its window (per
 * group key); the winner is the highest level that fires, the first in order on a tie. A matching
 * rule that does not fire (under its threshold, or level `none`) still "claims" the log: the
 * fallbacks stay silent about it, because the pack knows what it is.
 */
import type { AlertLevel, LogRecord } from '../contract';
import {
  compilePredicateRule,
  logHolds,
  templateHolds,
  type CompiledPredicateRule,
  type CompiledRule,
} from './compiled';
import { groupValue } from './group-by';
import { WindowCounter } from './window-counter';

export interface RuleHit {
  rule: CompiledRule;
  level: AlertLevel;
  /** Matches in the window for thresholded rules (1 otherwise). */
  count: number;
  /** The threshold group's value (`203.0.113.9`, a service, ...), null without threshold. */
  group: string | null;
  /** Named groups of the rule's message regex, when it has one. */
  captures: Readonly<Record<string, string>> | null;
}

/** `claimed`: a rule recognised the log but raises nothing for it (yet). */
export type RuleDecision = RuleHit | 'claimed' | null;

export interface RuleEngineOptions {
  /** Template texts whose candidate rules are remembered. */
  templateCacheSize: number;
  /** Group keys remembered per thresholded rule. */
  maxGroupsPerRule: number;
  /**
   * Rules decided on the log itself, all at once (the Sigma rule set's one pass per log): returns
   * the ones that match, which join the template's candidates. Null: none.
   */
  perLog: PerLogRules | null;
}

export type PerLogRules = (record: LogRecord) => readonly CompiledRule[];

const LEVEL_RANK: Record<AlertLevel, number> = { low: 0, medium: 1, high: 2, critical: 3 };
const NONE: readonly CompiledRule[] = Object.freeze([]);

export class RuleEngine {
  private rules: CompiledRule[] = [];
  private readonly candidates = new Map<string, readonly CompiledRule[]>();
  private counters = new Map<CompiledRule, WindowCounter>();
  private readonly options: RuleEngineOptions;
  cacheHits = 0;
  cacheMisses = 0;

  constructor(rules: readonly CompiledRule[] = [], options: Partial<RuleEngineOptions> = {}) {
    this.options = { templateCacheSize: 20_000, maxGroupsPerRule: 10_000, perLog: null, ...options };
    this.setRules(rules);
  }

  /** Replaces every rule (e.g. the user's folder changed). Predicate rules registered before are dropped. */
  setRules(rules: readonly CompiledRule[]): void {
    this.rules = [...rules];
    this.reset();
  }

  /**
   * Adds compiled predicate rules (the Sigma loader's output) after the YAML rules, with `sigma`
   * provenance. A rule whose id is already present is skipped (a pack or user rule with that id wins).
   */
  registerCompiled(rules: readonly CompiledPredicateRule[]): number {
    const ids = new Set(this.rules.map((r) => r.ref.id));
    let added = 0;
    for (const rule of rules) {
      if (ids.has(rule.id)) continue;
      ids.add(rule.id);
      this.rules.push(compilePredicateRule(rule));
      added++;
    }
    this.reset();
    return added;
  }

  list(): readonly CompiledRule[] {
    return this.rules;
  }

  /** The decision for one log; `template` is the miner's template text for it. */
  evaluate(record: LogRecord, template: string, now: number): RuleDecision {
    let candidates = this.candidatesFor(template);
    // Structured logs often say "request failed" and put the cause in an error field: its text is
    // matched like a template (cached by text), so "no space left on device" there is found too.
    const cause = errorText(record);
    if (cause !== null) {
      const more = this.candidatesFor(cause);
      if (more.length > 0)
        candidates = candidates.length === 0 ? more : [...new Set([...candidates, ...more])];
    }
    const perLog = this.options.perLog === null ? NONE : this.options.perLog(record);
    if (perLog.length > 0) candidates = candidates.length === 0 ? perLog : [...candidates, ...perLog];
    if (candidates.length === 0) return null;
    let best: RuleHit | null = null;
    let claimed = false;
    for (const rule of candidates) {
      const held = logHolds(rule, record, cause);
      if (held === false) continue;
      const captures = held === true ? null : (held.groups ?? null);
      const hit = this.fire(rule, record, captures, now);
      if (hit === null) {
        claimed = true;
        continue;
      }
      if (best === null || LEVEL_RANK[hit.level] > LEVEL_RANK[best.level]) best = hit;
    }
    return best ?? (claimed ? 'claimed' : null);
  }

  private fire(
    rule: CompiledRule,
    record: LogRecord,
    captures: Readonly<Record<string, string>> | null,
    now: number,
  ): RuleHit | null {
    const t = rule.threshold;
    if (t === null) {
      return rule.level === 'none' ? null : { rule, level: rule.level, count: 1, group: null, captures };
    }
    const group = groupValue(t.groupBy, record, captures);
    // The threshold counts per alert group: with the default grouping (service and host) ten
    // failures spread over two hosts are two groups of five, not one attack of ten.
    const key = rule.countPerHost && t.groupBy !== 'host' ? `${group}\u0000${record.host ?? ''}` : group;
    let counter = this.counters.get(rule);
    if (counter === undefined) {
      counter = new WindowCounter({
        windowMs: t.windowSeconds * 1000,
        maxKeys: this.options.maxGroupsPerRule,
      });
      this.counters.set(rule, counter);
    }
    const count = counter.hit(key, now);
    const level = count >= t.count && rule.level !== 'none' ? rule.level : rule.belowThreshold;
    return level === null ? null : { rule, level, count, group, captures };
  }

  private candidatesFor(template: string): readonly CompiledRule[] {
    const cached = this.candidates.get(template);
    if (cached !== undefined) {
      this.cacheHits++;
      return cached;
    }
    this.cacheMisses++;
    let found: CompiledRule[] | null = null;
    for (const rule of this.rules) {
      if (templateHolds(rule, template)) (found ??= []).push(rule);
    }
    if (this.candidates.size >= this.options.templateCacheSize) this.candidates.clear();
    const result = found ?? NONE;
    this.candidates.set(template, result);
    return result;
  }

  private reset(): void {
    this.candidates.clear();
    this.counters = new Map();
  }
}

/** Longest error text matched against the rules (a stack trace is cut, its head is what counts). */
const MAX_ERROR_TEXT = 500;

/**
 * The exception text a log carries beside its message, "type: message": `record.error`, else the
 * `error.type`/`err.type` and `error.message`/`err.message`/`error`/`err`/`exception` fields.
 */
export function errorText(record: LogRecord): string | null {
  const e = record.error;
  let type: unknown;
  let message: unknown;
  if (e !== undefined && e !== null) {
    type = e.type;
    message = e.message;
  } else if (record.format !== 'json' && record.format !== 'logfmt') {
    return null; // plain and syslog text keep their exception in the message (or in record.error)
  } else {
    const f = record.fields;
    type = f['error.type'] ?? f['err.type'];
    message = f['error.message'] ?? f['err.message'] ?? f['error'] ?? f['err'] ?? f['exception'];
  }
  const t = typeof type === 'string' && type.length > 0 ? type : null;
  const m = typeof message === 'string' && message.length > 0 ? message : null;
  const text = t !== null && m !== null ? `${t}: ${m}` : (t ?? m);
  if (text === null) return null;
  return text.length > MAX_ERROR_TEXT ? text.slice(0, MAX_ERROR_TEXT) : text;
}
