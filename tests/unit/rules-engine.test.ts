/**
 * The rule engine: per-template caching, per-log conditions, thresholds per group key, the
 * "claimed" decision, the highest level winning, compiled predicate (Sigma-shaped) rules, and how
 * AlertRules turns a hit into an alert with provenance and advice.
 */
import { describe, expect, it } from 'vitest';
import { AlertRules } from '../../core/alerts/rules';
import {
  parseRuleText,
  RuleEngine,
  type CompiledPredicateRule,
  type CompiledRule,
  type RuleHit,
} from '../../core/rules';
import { analysis, record } from './detect-fixtures';

function rules(yaml: string): CompiledRule[] {
  const out = parseRuleText(`family: T\nrules:\n${yaml}`, 't.yaml', 'pack');
  expect(out.refused).toEqual([]);
  return out.rules.map((r) => r.compiled);
}

const EX = `    advice: Check the thing named in the message and fix it.
    examples: { match: [a], nomatch: [b] }`;

describe('RuleEngine', () => {
  it('decides the template part once per template text and the log part per log', () => {
    let calls = 0;
    const engine = new RuleEngine();
    const predicate: CompiledPredicateRule = {
      id: 'p.keyword',
      title: 'Keyword',
      author: 'Someone',
      level: 'medium',
      trigger: 'security',
      references: [],
      file: 'k.yml',
      scope: 'template',
      matches: (e) => {
        calls++;
        return e.message.includes('wget');
      },
    };
    engine.registerCompiled([predicate]);
    for (let i = 0; i < 100; i++) {
      expect(engine.evaluate(record({ message: `ran wget ${i}` }), 'ran wget <*>', i)).not.toBeNull();
      expect(engine.evaluate(record({ message: `ran ls ${i}` }), 'ran ls <*>', i)).toBeNull();
    }
    expect(calls).toBe(2);
    expect(engine.cacheMisses).toBe(2);
    expect(engine.cacheHits).toBe(198);
  });

  it('gives compiled predicate rules sigma provenance with their author and id', () => {
    const engine = new RuleEngine();
    const added = engine.registerCompiled([
      {
        id: '5f6e2a1b-0000-4000-8000-000000000001',
        title: 'Webshell request',
        author: 'Florian Roth',
        description: 'Detects requests to known webshells',
        level: 'high',
        trigger: 'security',
        references: ['https://example.org/ref'],
        file: 'web_webshell.yml',
        matches: (e) => e.fields['url.path'] === '/shell.php',
      },
    ]);
    expect(added).toBe(1);
    const hit = engine.evaluate(record({ fields: { 'url.path': '/shell.php' } }), 'GET <*>', 0) as RuleHit;
    expect(hit.rule.ref).toMatchObject({
      source: 'sigma',
      author: 'Florian Roth',
      sigmaId: '5f6e2a1b-0000-4000-8000-000000000001',
      file: 'web_webshell.yml',
      advice: 'Detects requests to known webshells',
    });
    expect(engine.evaluate(record({ fields: { 'url.path': '/index.html' } }), 'GET <*>', 0)).toBeNull();
  });

  it('does not let a compiled rule replace a YAML rule with the same id', () => {
    const engine = new RuleEngine(
      rules(
        `  - id: same.id\n    title: t\n    trigger: anomaly\n    level: low\n    match: { template: x }\n${EX}`,
      ),
    );
    const added = engine.registerCompiled([
      {
        id: 'same.id',
        title: 't',
        author: null,
        level: 'high',
        trigger: 'security',
        references: [],
        file: null,
        matches: () => true,
      },
    ]);
    expect(added).toBe(0);
    expect(engine.list()).toHaveLength(1);
  });

  it('counts a thresholded rule per group key and raises only at the threshold', () => {
    const engine = new RuleEngine(
      rules(`  - id: fw.scan
    title: 'Scan from {group}'
    trigger: security
    level: high
    match: { template: 'BLOCK', fields: [{ field: source.ip, exists: true }] }
    threshold: { count: 3, windowSeconds: 60, groupBy: 'field:source.ip' }
${EX}`),
    );
    const from = (ip: string) => record({ message: 'BLOCK', fields: { 'source.ip': ip } });
    expect(engine.evaluate(from('203.0.113.1'), 'BLOCK', 0)).toBe('claimed');
    expect(engine.evaluate(from('203.0.113.2'), 'BLOCK', 1)).toBe('claimed');
    expect(engine.evaluate(from('203.0.113.1'), 'BLOCK', 2)).toBe('claimed');
    const hit = engine.evaluate(from('203.0.113.1'), 'BLOCK', 3) as RuleHit;
    expect(hit).toMatchObject({ level: 'high', count: 3, group: '203.0.113.1' });
    // Outside the window the count starts again.
    expect(engine.evaluate(from('203.0.113.1'), 'BLOCK', 200_000)).toBe('claimed');
  });

  it('raises below the threshold at belowThreshold, and at the level from the threshold on', () => {
    const engine = new RuleEngine(
      rules(`  - id: ssh.bf
    title: t
    trigger: security
    level: critical
    match: { template: 'Failed password' }
    threshold: { count: 2, windowSeconds: 60, groupBy: service }
    belowThreshold: low
${EX}`),
    );
    const r = record({ service: 'sshd', message: 'Failed password for root' });
    expect((engine.evaluate(r, 'Failed password for <*>', 0) as RuleHit).level).toBe('low');
    expect((engine.evaluate(r, 'Failed password for <*>', 1) as RuleHit).level).toBe('critical');
    // Another service has its own count.
    const other = record({ service: 'other', message: 'Failed password for root' });
    expect((engine.evaluate(other, 'Failed password for <*>', 1) as RuleHit).level).toBe('low');
  });

  it('lets the highest level win among matching rules; a none rule only claims', () => {
    const engine = new RuleEngine(
      rules(`  - id: a.low
    title: t
    trigger: system_error
    level: low
    match: { template: 'disk' }
${EX}
  - id: b.critical
    title: t
    trigger: system_error
    level: critical
    match: { template: 'disk full' }
${EX}
  - id: c.routine
    title: t
    trigger: system_error
    level: none
    match: { template: 'routine' }
${EX}`),
    );
    expect((engine.evaluate(record({ message: 'disk full' }), 'disk full', 0) as RuleHit).rule.ref.id).toBe(
      'b.critical',
    );
    expect((engine.evaluate(record({ message: 'disk slow' }), 'disk slow', 0) as RuleHit).rule.ref.id).toBe(
      'a.low',
    );
    expect(engine.evaluate(record({ message: 'routine' }), 'routine', 0)).toBe('claimed');
  });

  it('tests numeric field conditions, levels, services and captures per log', () => {
    const engine = new RuleEngine(
      rules(`  - id: slow.query
    title: 'Slow query on {service}: {match:ms} ms'
    trigger: performance
    level: medium
    match:
      template: 'duration'
      message: 'duration: (?<ms>[0-9.]+) ms'
      captures: [{ field: ms, gte: 1000 }]
      service: '^db'
      level: [info, warn]
${EX}
  - id: http.5xx
    title: t
    trigger: performance
    level: high
    match: { fields: [{ field: http.response.status_code, gte: 500, lt: 600 }] }
${EX}`),
    );
    const q = (ms: string, service = 'db-main', level: 'info' | 'error' = 'info') =>
      engine.evaluate(record({ service, level, message: `duration: ${ms} ms` }), 'duration: <*>', 0);
    expect((q('4123.5') as RuleHit).captures).toEqual({ ms: '4123.5' });
    expect(q('12.5')).toBeNull();
    expect(q('4123.5', 'api')).toBeNull();
    expect(q('4123.5', 'db-main', 'error')).toBeNull();
    const status = (code: number | string) =>
      engine.evaluate(record({ fields: { 'http.response.status_code': code } }), 'GET <*>', 0);
    expect(status(503)).not.toBeNull();
    expect(status('502')).not.toBeNull();
    expect(status(404)).toBeNull();
  });

  it("matches the log's error text (record.error or error fields) like a template", () => {
    const engine = new RuleEngine(
      rules(`  - id: jvm.oom
    title: t
    trigger: system_error
    level: critical
    match: { template: 'OutOfMemoryError' }
${EX}
  - id: pg.type
    title: t
    trigger: system_error
    level: high
    match: { error: { type: 'PSQLException', rootCause: 'Connection refused' } }
${EX}`),
    );
    const viaFields = record({
      format: 'json',
      message: 'request failed',
      fields: { 'error.type': 'java.lang.OutOfMemoryError', 'error.message': 'Java heap space' },
    });
    expect((engine.evaluate(viaFields, 'request failed', 0) as RuleHit).rule.ref.id).toBe('jvm.oom');
    const viaRecord = record({
      message: 'query failed',
      error: {
        type: 'org.postgresql.util.PSQLException',
        message: 'I/O error',
        rootCause: 'java.net.ConnectException: Connection refused',
      },
    });
    expect((engine.evaluate(viaRecord, 'query failed', 0) as RuleHit).rule.ref.id).toBe('pg.type');
    expect(engine.evaluate(record({ message: 'query failed' }), 'query failed', 0)).toBeNull();
  });
});

describe('AlertRules with the rule engine', () => {
  const pack = rules(`  - id: disk.full
    title: 'Disk full on {host}'
    trigger: system_error
    level: critical
    match: { template: 'No space left on device' }
    advice: Free space on the volume in the message.
    references: [https://man7.org/linux/man-pages/man3/errno.3.html]
    examples: { match: [a], nomatch: [b] }
  - id: ssh.preauth
    title: t
    trigger: security
    level: none
    match: { template: 'preauth' }
${EX}`);

  it('lets a pack rule decide trigger and level, with provenance, rendered title and advice', () => {
    const alerts = new AlertRules({}, new RuleEngine(pack));
    const c = alerts.evaluateLog(
      record({ level: 'info', host: 'db1', message: 'write failed: No space left on device' }),
      analysis({ templateId: 't9', template: 'write failed: No space left on device', severity: 'info' }),
      0,
    )!;
    expect(c).toMatchObject({
      rule: 'disk.full',
      level: 'critical',
      trigger: 'system_error',
      title: 'Disk full on db1',
    });
    expect(c.groupKey).toBe('rule:disk.full');
    expect(c.reason).toContain('Free space on the volume in the message.');
    expect(c.reason).toContain('disk.full (t.yaml)');
    expect(c.ruleRef).toMatchObject({ id: 'disk.full', source: 'pack', file: 't.yaml' });
  });

  it('silences the fallbacks for a log a rule claims, and falls back when no rule knows the log', () => {
    const alerts = new AlertRules({}, new RuleEngine(pack));
    const fatalPreauth = record({ level: 'fatal', service: 'sshd', message: 'Timeout [preauth]' });
    expect(alerts.evaluateLog(fatalPreauth, analysis({ template: 'Timeout [preauth]' }), 0)).toBeNull();
    const unknownFatal = record({ level: 'fatal', message: 'engine exploded' });
    expect(alerts.evaluateLog(unknownFatal, analysis({ template: 'engine exploded' }), 0)).toMatchObject({
      rule: 'fatal',
      level: 'critical',
    });
  });
});
