import { describe, expect, it } from 'vitest';
import { AlertRules, SIGNAL_RULES } from '../../core/alerts/rules';
import { Detectors } from '../../core/detect/detectors';
import { SIGNAL_KINDS } from '../../core/detect/signal';
import { analysis, record } from './detect-fixtures';
import { Feed, lcg, logNormal, nginxLine } from './detect-numeric-fixtures';

describe('numeric signal rules', () => {
  it('every signal kind has a rule', () => {
    for (const kind of SIGNAL_KINDS) expect(SIGNAL_RULES[kind], kind).toBeDefined();
  });

  it('turn numeric signals into alerts at the detector level (latency: performance, 5xx: system_error), with advice, grouped', () => {
    const feed = new Feed();
    const random = lcg(1);
    for (let m = 0; m < 10; m++) feed.minute(m, 120, (i) => nginxLine(i, 200, logNormal(random, 0.05, 0.3)));
    feed.minute(10, 120, (i) => nginxLine(i, i % 2 === 0 ? 503 : 200, logNormal(random, 4, 0.3)));
    const rules = new AlertRules();
    const candidates = feed.signals.map((s) => rules.evaluateSignal(s)!);
    expect(candidates.length).toBeGreaterThanOrEqual(2);
    // The trigger rule (docs/detection.md): slowness is performance, failing answers a system error.
    for (const c of candidates)
      expect(c.trigger).toBe(c.rule === 'signal:http_5xx_surge' ? 'system_error' : 'performance');

    const latency = candidates.find((c) => c.rule === 'signal:latency_shift')!;
    expect(latency.level).toBe('high');
    expect(latency.title).toBe('Slower responses in web');
    expect(latency.reason).toMatch(/^p95 .* usually .*Check what the operation waits on/);
    expect(latency.templateId).toBeNull(); // request latency: per service, across its URL templates
    expect(latency.groupKey).toBe('latency:web|*|rt');

    const surges = candidates.filter((c) => c.rule === 'signal:http_5xx_surge');
    expect(surges.length).toBeGreaterThanOrEqual(1);
    expect(new Set(surges.map((c) => c.groupKey))).toEqual(new Set(['http5xx:web'])); // one group per service
    expect(surges.at(-1)!.level).toBe('high');
  });
});

describe('Detectors with numeric signals', () => {
  it('returns numeric signals alongside the others, and can turn them off', () => {
    const make = (enabled: boolean) =>
      new Detectors({ numeric: { enabled }, newTemplate: { warmupLogs: 0, warmupMs: 0 } });
    const gcLine =
      '[120.500s][info][gc] GC(9) Pause Full (G1 Compaction Pause) 1021M->1019M(1024M) 7012.300ms';
    const a = analysis({
      templateId: 'gc1',
      template: '[<*>][info][gc] GC(<*>) Pause Full (G1 Compaction Pause) <*>><*>(<*>) <*>',
      params: ['120.500s', '9', '1021M-', '1019M', '1024M', '7012.300ms'],
    });
    const on = make(true).observe(record({ message: gcLine, service: 'jvm' }), a, 0);
    expect(on.map((s) => s.kind).sort()).toEqual(['duration_threshold', 'new_template']);
    expect(on.find((s) => s.kind === 'duration_threshold')!.level).toBe('high');
    const off = make(false).observe(record({ message: gcLine, service: 'jvm' }), a, 0);
    expect(off.map((s) => s.kind)).toEqual(['new_template']);
    expect(make(true).stats().numeric.plans).toBe(0);
  });
});
