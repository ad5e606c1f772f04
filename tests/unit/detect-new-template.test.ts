import { describe, expect, it } from 'vitest';
import { NewTemplateDetector } from '../../core/detect/new-template';
import { analysis, record } from './detect-fixtures';

function see(d: NewTemplateDetector, templateId: string, now: number) {
  return d.observe(
    record({ service: 'auth' }),
    analysis({ templateId, template: `pattern ${templateId}` }),
    now,
  );
}

describe('NewTemplateDetector', () => {
  it('learns silently during warm-up, then reports each unseen template once', () => {
    const d = new NewTemplateDetector({ warmupLogs: 100, warmupMs: 0 });
    for (let i = 0; i < 100; i++) expect(see(d, `warm-${i % 10}`, i)).toBeNull();
    expect(d.warmedUp).toBe(false);
    expect(see(d, 'warm-1', 100)).toBeNull();
    expect(d.warmedUp).toBe(true);

    const s = see(d, 'fresh', 101);
    expect(s).toMatchObject({
      kind: 'new_template',
      key: 'template:fresh',
      templateId: 'fresh',
      service: 'auth',
    });
    expect(s?.message).toContain('pattern fresh');
    expect(see(d, 'fresh', 102)).toBeNull();
    expect(see(d, 'warm-3', 103)).toBeNull();
    expect(d.stats().reported).toBe(1);
  });

  it("with 'both', warm-up needs the count and the time", () => {
    const d = new NewTemplateDetector({ warmupLogs: 5, warmupMs: 60_000, warmupEndsWhen: 'both' });
    for (let i = 0; i < 10; i++) see(d, 'a', i * 1000);
    expect(see(d, 'b', 30_000)).toBeNull(); // count met, time not: still learning
    expect(see(d, 'c', 60_000)).not.toBeNull();
  });

  it("with 'either', warm-up ends on the first condition met", () => {
    const d = new NewTemplateDetector({ warmupLogs: 1_000_000, warmupMs: 60_000, warmupEndsWhen: 'either' });
    expect(see(d, 'a', 0)).toBeNull();
    expect(see(d, 'b', 59_999)).toBeNull();
    expect(see(d, 'c', 60_000)).not.toBeNull();
  });

  it('never reports templates marked known', () => {
    const d = new NewTemplateDetector({ warmupLogs: 0, warmupMs: 0 });
    d.markKnown(['restored']);
    expect(see(d, 'restored', 0)).toBeNull();
    expect(see(d, 'other', 1)).not.toBeNull();
  });

  it('bounds memory without forgetting templates still in use', () => {
    const d = new NewTemplateDetector({ warmupLogs: 0, warmupMs: 0, maxKnown: 10, maxSignalsPerMinute: 1e9 });
    see(d, 'busy', 0);
    let reports = 0;
    for (let i = 0; i < 100; i++) {
      if (see(d, `one-off-${i}`, i)) reports += 1;
      if (see(d, 'busy', i)) reports += 100; // would break the count below
    }
    expect(reports).toBe(100);
    expect(d.stats().known).toBeLessThanOrEqual(10);
  });

  it('caps signals per minute and counts the rest as suppressed', () => {
    const d = new NewTemplateDetector({ warmupLogs: 0, warmupMs: 0, maxSignalsPerMinute: 3 });
    let reported = 0;
    for (let i = 0; i < 10; i++) if (see(d, `t${i}`, 1000 + i)) reported += 1;
    expect(reported).toBe(3);
    expect(d.stats().suppressed).toBe(7);
    // A suppressed template is known now: it is not reported in the next minute either.
    expect(see(d, 't9', 61_000)).toBeNull();
    expect(see(d, 'next-minute', 61_001)).not.toBeNull();
  });
});
