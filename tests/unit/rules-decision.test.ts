/**
 * Decisions made for issue 14's recall work, with cases whose answer is known:
 *  - rule examples are mined from the text the engine mines (analysisText: a stack trace's head and
 *    its exception summary, not every frame), so an example passes only if the engine would match it;
 *  - the trigger rule of docs/detection.md ("Which trigger"): a surge of 5xx answers is a
 *    system_error in the pack and in the numeric signal alike; slowness stays performance.
 */
import { describe, expect, it } from 'vitest';
import { AlertRules } from '../../core/alerts/rules';
import type { Signal } from '../../core/detect/signal';
import { analyzeExample, defaultRulePackDir, loadRuleDir, RuleEngine } from '../../core/rules';

const pack = loadRuleDir(defaultRulePackDir(), 'pack');
const byId = new Map(pack.rules.map((r) => [r.spec.id, r]));

describe('rule examples see the engine template', () => {
  const traceback = [
    'ERROR:catalog.api:request failed',
    'Traceback (most recent call last):',
    '  File "/app/catalog/api.py", line 41, in list_items',
    '    rows = session.execute(stmt).all()',
    'sqlalchemy.exc.TimeoutError: QueuePool limit of size 5 overflow 10 reached, connection timed out, timeout 30.00',
  ].join('\n');

  it('mines the head line and the exception summary, not the frames', () => {
    const seen = analyzeExample(traceback);
    if (typeof seen === 'string') throw new Error(seen);
    expect(seen.template).toMatch(/^ERROR:catalog\.api:request failed \| TimeoutError: QueuePool limit/);
    expect(seen.template).not.toMatch(/Traceback|File "/);
  });

  it('so a rule keyed on the frames ("Traceback") does not see this log, and the pool rule does', () => {
    const seen = analyzeExample(traceback);
    if (typeof seen === 'string') throw new Error(seen);
    const decide = (id: string) =>
      new RuleEngine([byId.get(id)!.compiled]).evaluate(seen.record, seen.template, 0);
    expect(decide('python.traceback')).toBeNull();
    const hit = decide('python.db-pool-exhausted');
    expect(hit !== null && hit !== 'claimed' ? [hit.rule.trigger, hit.level] : hit).toEqual([
      'system_error',
      'high',
    ]);
  });
});

describe('trigger rule: failing answers are system errors, slowness is performance', () => {
  it('the pack raises 5xx surges as system_error and upstream timeouts as performance', () => {
    expect(byId.get('http.5xx-surge')!.spec.trigger).toBe('system_error');
    expect(byId.get('http.5xx-surge-ecs')!.spec.trigger).toBe('system_error');
    expect(byId.get('nginx.upstream-timeout')!.spec.trigger).toBe('performance');
    expect(byId.get('httpd.proxy-backend-timeout')!.spec.trigger).toBe('performance');
    expect(byId.get('httpd.proxy-backend-error')!.spec.trigger).toBe('system_error');
  });

  it('the numeric 5xx signal agrees with the pack; latency signals stay performance', () => {
    const rules = new AlertRules();
    const signal = (kind: Signal['kind']): Signal => ({
      kind,
      key: `${kind}:web`,
      service: 'web',
      topic: 'logs',
      templateId: null,
      template: null,
      severity: null,
      value: 1,
      baseline: 0,
      message: 'figures',
      sample: null,
      at: 0,
      level: 'high',
    });
    expect(rules.evaluateSignal(signal('http_5xx_surge'))!.trigger).toBe('system_error');
    expect(rules.evaluateSignal(signal('latency_shift'))!.trigger).toBe('performance');
    expect(rules.evaluateSignal(signal('duration_threshold'))!.trigger).toBe('performance');
  });

  it('an Apache proxy timeout (APR 70007) is the timeout rule, a reset the backend-error rule', () => {
    const line = (errno: string) =>
      `[Fri Mar 01 10:00:00.123456 2024] [proxy_http:error] [pid 1234:tid 140000000000000] ${errno}: [client 203.0.113.9:51234] AH01102: error reading status line from remote server 10.0.0.5:8080`;
    const engine = new RuleEngine(pack.rules.map((r) => r.compiled));
    const decide = (text: string) => {
      const seen = analyzeExample(text);
      if (typeof seen === 'string') throw new Error(seen);
      const hit = engine.evaluate(seen.record, seen.template, 0);
      return hit !== null && hit !== 'claimed' ? `${hit.rule.ref.id} ${hit.rule.trigger}/${hit.level}` : hit;
    };
    expect(decide(line('(70007)The timeout specified has expired'))).toBe(
      'httpd.proxy-backend-timeout performance/high',
    );
    expect(decide(line('(104)Connection reset by peer'))).toBe('httpd.proxy-backend-error system_error/high');
  });
});
