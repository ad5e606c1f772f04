/**
 * An analyzer's evidence from its local alert store: each batch publishes only the occurrences an
 * alert gained since the previous one; a re-created (evicted) alert's whole count is new.
 */
import { describe, expect, it } from 'vitest';
import { EvidenceTracker } from '../../core/cluster/evidence-tracker';
import type { Alert } from '../../core/contract';
import { SSHD_SAMPLE, sshdAlert } from '../fixtures/sshd-alert';

describe('EvidenceTracker', () => {
  it('publishes the occurrences gained since the last batch, and nothing for an unchanged count', () => {
    const tracker = new EvidenceTracker();
    expect(tracker.take([sshdAlert('a', 3)]).map((e) => e.count)).toEqual([3]);
    expect(
      tracker.take([sshdAlert('a', 10), sshdAlert('b', 1)]).map((e) => [e.fingerprint, e.count]),
    ).toEqual([
      ['a', 7],
      ['b', 1],
    ]);
    expect(tracker.take([sshdAlert('a', 10)])).toEqual([]); // an action or a tick changed the alert, not its count
  });

  it('counts a re-created alert whole, and keeps the samples with their time', () => {
    const tracker = new EvidenceTracker();
    tracker.take([sshdAlert('a', 50)]);
    const [again] = tracker.take([sshdAlert('a', 2, 5000)]);
    expect(again).toMatchObject({ count: 2, lastSeen: 5000, samples: [{ time: 5000, text: SSHD_SAMPLE }] });
  });

  it('is bounded: the least recently changed alerts are forgotten first', () => {
    const tracker = new EvidenceTracker(2);
    tracker.take([sshdAlert('a', 5), sshdAlert('b', 5), sshdAlert('c', 5)]);
    // 'a' was forgotten, so its count is taken as new; 'c' is remembered.
    expect(tracker.take([sshdAlert('a', 6), sshdAlert('c', 6)]).map((e) => e.count)).toEqual([6, 1]);
  });

  it('publishes the occurrences each template gained (i18: the link from an alert to its patterns)', () => {
    const tracker = new EvidenceTracker();
    const withTemplates = (count: number, templates: Array<[string, number]>): Alert => ({
      ...sshdAlert('a', count),
      templates: templates.map(([value, n]) => ({ value, count: n })),
    });
    expect(tracker.take([withTemplates(3, [['t-1', 3]])])[0]!.templates).toEqual([
      { value: 't-1', count: 3 },
    ]);
    expect(
      tracker.take([
        withTemplates(10, [
          ['t-1', 5],
          ['t-2', 5],
        ]),
      ])[0]!.templates,
    ).toEqual([
      { value: 't-2', count: 5 },
      { value: 't-1', count: 2 },
    ]);
    // A reopened alert: its count restarts, its templates keep counting; only the gain is new.
    expect(
      tracker.take([
        withTemplates(1, [
          ['t-1', 6],
          ['t-2', 5],
        ]),
      ])[0]!.templates,
    ).toEqual([{ value: 't-1', count: 1 }]);
    // A re-created (evicted) alert: a template's count that went down is new whole.
    expect(tracker.take([withTemplates(2, [['t-1', 2]])])[0]!.templates).toEqual([
      { value: 't-1', count: 2 },
    ]);
    // An alert without templates carries none.
    expect(tracker.take([sshdAlert('b', 1)])[0]!.templates).toBeUndefined();
  });
});
