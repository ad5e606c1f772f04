import { describe, expect, it } from 'vitest';
import type { Analysis, LogRecord } from '../../core/contract';
import { AlertRules } from '../../core/alerts/rules';
import type { Signal } from '../../core/detect/signal';
import { analysis, record } from './detect-fixtures';

function judge(r: Partial<LogRecord>, a: Partial<Analysis>, rules = new AlertRules()) {
  const c = rules.evaluateLog(record(r), analysis(a), 0);
  return c === null ? null : { rule: c.rule, level: c.level, trigger: c.trigger };
}

function signal(overrides: Partial<Signal>): Signal {
  return {
    kind: 'rate_spike',
    key: 'template:t1',
    service: 'api',
    topic: 'logs',
    templateId: 't1',
    template: 'retrying <*>',
    severity: 'info',
    value: 300,
    baseline: 20,
    message: 'Pattern "retrying <*>" logged 300 times in 10 s, usual 20.0 ± 4.5 per interval.',
    sample: 'retrying 42',
    at: 0,
    ...overrides,
  };
}

describe('log rules', () => {
  it('raises nothing for info-level normal logs, nor for harmless security info', () => {
    expect(judge({}, {})).toBeNull();
    expect(
      judge({}, { category: 'security', template: 'Accepted password for <*> from <*> port <*> ssh2' }),
    ).toBeNull();
    expect(judge({ level: 'warn' }, { severity: 'warning', category: 'system' })).toBeNull();
  });

  it('treats failed logins and break-in attempts as security failures whatever the classifier said', () => {
    for (const template of [
      'Failed password for invalid user <*> from <*> port <*> ssh2',
      'pam_unix(sshd:auth): authentication failure; logname= uid=<*> euid=<*> tty=ssh ruser= rhost=<*>',
      'reverse mapping checking getaddrinfo for <*> [<*>] failed - POSSIBLE BREAK-IN ATTEMPT!',
      'Invalid user <*> from <*>',
    ]) {
      expect(judge({ service: 'sshd' }, { template, severity: 'info', category: 'normal' })).toEqual({
        rule: 'security-failure',
        level: 'high',
        trigger: 'security',
      });
    }
  });

  it('reads "break-in" as a word: a layout engine "breaking" a constraint is no break-in', () => {
    const template =
      'Unable to simultaneously satisfy constraints: <*> Will attempt to recover by breaking constraint <*>';
    expect(judge({ service: 'Preview' }, { template, severity: 'info', category: 'normal' })).toBeNull();
  });

  it('rates a security error that only the classifier sees as medium, and never as a brute force', () => {
    const rules = new AlertRules({ burstThreshold: 10, burstWindowMs: 60_000 });
    const a = analysis({
      template: 'Unable to simultaneously satisfy constraints: <*>',
      category: 'security',
      severity: 'error',
    });
    for (let i = 0; i < 30; i++) {
      expect(rules.evaluateLog(record({ service: 'Preview' }), a, i * 100)).toMatchObject({
        rule: 'security-suspect',
        level: 'medium',
        trigger: 'security',
      });
    }
  });

  it('makes a burst of security failures on one service critical (brute force)', () => {
    const rules = new AlertRules({ burstThreshold: 10, burstWindowMs: 60_000 });
    const a = analysis({
      template: 'Failed password for <*> from <*> port <*> ssh2',
      category: 'security',
      severity: 'error',
    });
    const levels = [];
    for (let i = 0; i < 12; i++)
      levels.push(rules.evaluateLog(record({ service: 'sshd' }), a, i * 1000)?.level);
    expect(levels.slice(0, 10).every((l) => l === 'high')).toBe(true);
    expect(levels.slice(10)).toEqual(['critical', 'critical']);
    // Another service is counted separately.
    expect(rules.evaluateLog(record({ service: 'vpn' }), a, 12_000)?.level).toBe('high');
    const c = rules.evaluateLog(record({ service: 'sshd' }), a, 13_000);
    expect(c?.title).toBe('Possible brute-force attack on sshd');
    // One brute-force alert per service, whichever failure templates the attack produces.
    expect([c?.groupKey, c?.templateId]).toEqual(['rule:security-burst', null]);
    const other = analysis({ templateId: 'invalid-user', template: 'Invalid user <*> from <*>' });
    expect(rules.evaluateLog(record({ service: 'sshd' }), other, 14_000)?.groupKey).toBe(
      'rule:security-burst',
    );
    expect(c?.reason).toMatch(/13 security failures .* within 60 s, above the limit of 10/);
  });

  it('rates security warnings medium', () => {
    expect(
      judge({}, { severity: 'warning', category: 'security', template: 'certificate expires in <*> days' }),
    ).toMatchObject({
      level: 'medium',
      trigger: 'security',
    });
  });

  it('makes producer fatal critical', () => {
    expect(judge({ level: 'fatal' }, { severity: 'error', category: 'system' })).toEqual({
      rule: 'fatal',
      level: 'critical',
      trigger: 'system_error',
    });
  });

  it('demotes a template that keeps logging fatal lines to a routine medium alert', () => {
    const rules = new AlertRules({ routineFatalMs: 60_000 });
    const fatal = record({ level: 'fatal' });
    const a = analysis({ templateId: 'bgl-1', template: 'data TLB error interrupt', severity: 'error' });
    expect(rules.evaluateLog(fatal, a, 0)?.level).toBe('critical');
    expect(rules.evaluateLog(fatal, a, 30_000)?.level).toBe('critical');
    const later = rules.evaluateLog(fatal, a, 61_000);
    expect(later).toMatchObject({ rule: 'fatal-routine', level: 'medium', trigger: 'system_error' });
    // Another template is new: critical again.
    expect(
      rules.evaluateLog(fatal, analysis({ templateId: 'bgl-2', template: 'other' }), 61_000)?.level,
    ).toBe('critical');
  });

  it("does not call sshd's fatal [preauth] disconnect a crash", () => {
    expect(
      judge(
        { level: 'fatal', service: 'sshd' },
        { template: 'Timeout before authentication for <*> port <*> [preauth]', severity: 'error' },
      ),
    ).not.toMatchObject({ rule: 'fatal' });
  });

  it('treats sudo incorrect password attempts as a security failure, not a fatal crash', () => {
    expect(
      judge(
        { level: 'fatal', service: 'sudo' },
        { template: '<*> : <*> incorrect password attempts ; TTY=<*> ; PWD=<*> ; USER=root ; COMMAND=<*>' },
      ),
    ).toMatchObject({ trigger: 'security' });
  });

  it('names the built-in rule that fired as the alert provenance', () => {
    const c = new AlertRules().evaluateLog(record({ level: 'fatal' }), analysis({}), 0);
    expect(c?.ruleRef).toMatchObject({ id: 'builtin.fatal', source: 'builtin', file: null });
  });

  it('turns performance errors and timeouts into performance alerts', () => {
    expect(judge({}, { severity: 'error', category: 'performance' })).toMatchObject({
      level: 'high',
      trigger: 'performance',
    });
    expect(
      judge({ level: 'error' }, { category: 'network', template: 'Read timed out after <*> ms' }),
    ).toMatchObject({
      level: 'high',
      trigger: 'performance',
    });
    expect(
      judge({}, { severity: 'warning', category: 'performance', template: 'slow query took <*> ms' }),
    ).toMatchObject({
      level: 'medium',
      trigger: 'performance',
    });
  });

  it('rates system and network errors medium, other errors low', () => {
    expect(judge({}, { severity: 'error', category: 'system' })).toMatchObject({
      level: 'medium',
      trigger: 'system_error',
    });
    expect(judge({}, { severity: 'error', category: 'network' })).toMatchObject({
      level: 'medium',
      trigger: 'system_error',
    });
    expect(judge({ level: 'error' }, { category: 'application' })).toMatchObject({
      level: 'low',
      trigger: 'system_error',
    });
  });

  it('fills the candidate from the log', () => {
    const c = new AlertRules().evaluateLog(
      record({ service: 'db', topic: 'infra', message: 'disk /dev/sda1 failed' }),
      analysis({ templateId: 'e7', template: 'disk <*> failed', severity: 'error', category: 'system' }),
      0,
    );
    expect(c).toMatchObject({
      groupKey: 'e7',
      service: 'db',
      topic: 'infra',
      templateId: 'e7',
      template: 'disk <*> failed',
      sample: 'disk /dev/sda1 failed',
      title: 'System error in db: disk <*> failed',
    });
    expect(c?.reason).toContain('"disk /dev/sda1 failed"');
  });
});

describe('signal rules', () => {
  const rules = new AlertRules();
  const levelOf = (s: Partial<Signal>) => {
    const c = rules.evaluateSignal(signal(s));
    return c && [c.level, c.trigger];
  };

  it('maps each signal kind to a level and trigger', () => {
    expect(levelOf({ kind: 'error_spike', key: 'service:api', templateId: null })).toEqual([
      'high',
      'system_error',
    ]);
    expect(levelOf({ kind: 'rate_spike' })).toEqual(['medium', 'anomaly']);
    expect(levelOf({ kind: 'new_template', severity: 'info' })).toEqual(['low', 'anomaly']);
    expect(levelOf({ kind: 'new_template', severity: 'error' })).toEqual(['medium', 'anomaly']);
    expect(levelOf({ kind: 'lag_growth', key: 'lag:total', templateId: null, service: null })).toEqual([
      'high',
      'performance',
    ]);
  });

  it('groups signals without a template by their detector key', () => {
    const c = rules.evaluateSignal(
      signal({ kind: 'lag_growth', key: 'lag:total', templateId: null, template: null, service: null }),
    );
    expect(c?.groupKey).toBe('lag:total');
    expect(c?.title).toBe('Consumer lag growing');
  });
});
