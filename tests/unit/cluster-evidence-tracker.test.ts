/**
 * An analyzer's evidence from its local alert store: each batch publishes only the occurrences an
 * alert gained since the previous one; a re-created (evicted) alert's whole count is new.
 */
import { describe, expect, it } from 'vitest';
import { EvidenceTracker } from '../../core/cluster/evidence-tracker';
import type { Alert } from '../../core/contract';

const SAMPLE =
  'Dec 10 06:55:48 LabSZ sshd[24200]: Failed password for invalid user webmaster from 173.234.31.186 port 38926 ssh2';

function alert(fingerprint: string, count: number, lastSeen = 1000): Alert {
  return {
    id: `al-${fingerprint}`,
    fingerprint,
    level: 'critical',
    trigger: 'security',
    title: 'Possible brute-force attack on sshd',
    reason: 'failed logins',
    count,
    firstSeen: 0,
    lastSeen,
    status: 'open',
    snoozedUntil: null,
    service: 'sshd',
    topic: 'logs',
    templateId: null,
    template: null,
    samples: [SAMPLE],
    rule: null,
  };
}

describe('EvidenceTracker', () => {
  it('publishes the occurrences gained since the last batch, and nothing for an unchanged count', () => {
    const tracker = new EvidenceTracker();
    expect(tracker.take([alert('a', 3)]).map((e) => e.count)).toEqual([3]);
    expect(tracker.take([alert('a', 10), alert('b', 1)]).map((e) => [e.fingerprint, e.count])).toEqual([
      ['a', 7],
      ['b', 1],
    ]);
    expect(tracker.take([alert('a', 10)])).toEqual([]); // an action or a tick changed the alert, not its count
  });

  it('counts a re-created alert whole, and keeps the samples with their time', () => {
    const tracker = new EvidenceTracker();
    tracker.take([alert('a', 50)]);
    const [again] = tracker.take([alert('a', 2, 5000)]);
    expect(again).toMatchObject({ count: 2, lastSeen: 5000, samples: [{ time: 5000, text: SAMPLE }] });
  });

  it('is bounded: the least recently changed alerts are forgotten first', () => {
    const tracker = new EvidenceTracker(2);
    tracker.take([alert('a', 5), alert('b', 5), alert('c', 5)]);
    // 'a' was forgotten, so its count is taken as new; 'c' is remembered.
    expect(tracker.take([alert('a', 6), alert('c', 6)]).map((e) => e.count)).toEqual([6, 1]);
  });

  it('publishes the occurrences each template gained (i18: the link from an alert to its patterns)', () => {
    const tracker = new EvidenceTracker();
    const withTemplates = (count: number, templates: Array<[string, number]>): Alert => ({
      ...alert('a', count),
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
    expect(tracker.take([alert('b', 1)])[0]!.templates).toBeUndefined();
  });
});
