import { describe, expect, it } from 'vitest';
import { DataQualityTracker, parseMessage, type DataQualityIssue } from '../../core/parse';

const meta = { topic: 'logs', partition: 0, timestamp: Date.UTC(2024, 0, 1), key: null };

function issue(n: number, kind: DataQualityIssue['kind'] = 'empty'): DataQualityIssue {
  return { kind, detail: `issue ${n}`, sample: '', topic: 'logs', partition: 0, offset: String(n) };
}

describe('DataQualityTracker', () => {
  it('counts by kind and keeps the most recent samples, oldest first, within its capacity', () => {
    const tracker = new DataQualityTracker(3);
    for (let i = 0; i < 10; i++) tracker.record(issue(i, i % 2 === 0 ? 'binary' : 'control_chars'));
    const snapshot = tracker.snapshot();
    expect(snapshot.total).toBe(10);
    expect(snapshot.byKind).toEqual({ binary: 5, control_chars: 5 });
    expect(snapshot.recent.map((r) => r.offset)).toEqual(['7', '8', '9']);
  });

  it('records parse outcomes: rejections and the warnings of accepted records', () => {
    const tracker = new DataQualityTracker();
    const values = [
      null,
      Buffer.from('ok line'),
      Buffer.from('{"broken'),
      Buffer.from('\x1b[31mERROR\x1b[0m x\0'),
    ];
    values.forEach((value, i) => tracker.recordOutcome(parseMessage({ ...meta, offset: String(i), value })));
    const snapshot = tracker.snapshot();
    expect(snapshot.byKind).toEqual({ empty: 1, malformed_json: 1, nul_bytes: 1, control_chars: 1 });
    expect(snapshot.total).toBe(4);
    expect(snapshot.rejected).toBe(1);
    expect(snapshot.recent.map((r) => r.offset)).toEqual(['0', '2', '3', '3']);
    expect(tracker.count('malformed_json')).toBe(1);
  });

  it('stays bounded under a flood and resets cleanly', () => {
    const tracker = new DataQualityTracker(50);
    for (let i = 0; i < 100_000; i++) tracker.record(issue(i));
    expect(tracker.snapshot().recent).toHaveLength(50);
    expect(tracker.snapshot().recent[49]!.offset).toBe('99999');
    tracker.reset();
    expect(tracker.snapshot()).toEqual({ total: 0, byKind: {}, rejected: 0, recent: [] });
  });

  it('refuses a nonsensical capacity', () => {
    expect(() => new DataQualityTracker(0)).toThrow(RangeError);
  });
});
