/**
 * Calm traffic: the Loghub samples of 16 real systems (no HTTP incidents, GC storms or saturated
 * resources among them), replayed at 50 logs/s for 1.4 hours of detector time, must raise no
 * numeric signal. Before the duration cap, macOS's "the start time isn't for 439034 seconds"
 * fired latency shifts here; before SQL verbs were dropped from the query words, its
 * "SafeBrowsing.Update" fired slow-query thresholds.
 */
import { describe, expect, it } from 'vitest';
import { NumericSignals } from '../../core/detect/numeric/numeric-detector';
import { TemplateMiner } from '../../core/patterns/miner';
import { allRawLines } from '../fixtures/loghub';
import { analysis, record } from './detect-fixtures';

describe('numeric signals on calm Loghub traffic', () => {
  it('raise nothing over 1.4 hours of 16 systems at 50 logs/s', () => {
    const lines = allRawLines();
    const detector = new NumericSignals();
    const miners = new Map<string, TemplateMiner>();
    const fired: string[] = [];
    let t = 0;
    for (let pass = 0; pass < 8; pass++) {
      for (const { system, line } of lines) {
        t += 20;
        let miner = miners.get(system);
        if (miner === undefined) miners.set(system, (miner = new TemplateMiner({ maxTemplates: 5000 })));
        const m = miner.add(line, t);
        const out = detector.observe(
          record({ message: line, service: system, time: t }),
          analysis({ templateId: m.templateId, template: m.template, params: m.params }),
          t,
        );
        for (const s of out ?? []) fired.push(`${system} ${s.kind}: ${s.message}`);
      }
    }
    expect(t).toBeGreaterThan(1.4 * 3_600_000);
    expect(detector.stats().latencyKeys).toBeGreaterThan(20); // durations were found and tracked
    expect(fired).toEqual([]);
  }, 60_000);
});
