import { describe, expect, it } from 'vitest';
import { CALM, type Occurrence } from '../eval/incidents/attribution';
import { median, summarise, type InstanceMeta } from '../eval/incidents/metrics';
import { formatTable, summaryJson } from '../eval/incidents/report';

function meta(
  id: string,
  family: string,
  trigger: InstanceMeta['expect']['trigger'],
  level: InstanceMeta['expect']['level'],
  format = 'text',
): InstanceMeta {
  return { id, family, format, kind: 'k', expect: { trigger, level } };
}

function occ(
  origin: number,
  alertId: string,
  trigger: Occurrence['trigger'],
  level: Occurrence['level'],
  change: Occurrence['change'] = 'created',
): Occurrence {
  return { at: 0, alertId, trigger, level, change, origin, title: `${trigger} ${level} ${alertId}` };
}

const METAS = [
  meta('pg-deadlock', 'postgresql', 'system_error', 'high'),
  meta('pg-deadlock', 'postgresql', 'system_error', 'high', 'json'),
  meta('ssh-brute', 'openssh', 'security', 'critical'),
  meta('nginx-slow', 'nginx', 'performance', 'medium'),
];

describe('summarise', () => {
  it('counts an instance detected only at the expected trigger and at least the expected level', () => {
    const s = summarise(
      METAS,
      [
        occ(0, 'a1', 'system_error', 'critical'), // above the expected level: detected
        occ(0, 'a2', 'anomaly', 'low'),
        occ(1, 'a3', 'anomaly', 'critical'), // wrong trigger: not detected, though raised
        occ(2, 'a4', 'security', 'high'), // below the expected critical
        occ(2, 'a4', 'security', 'high', 'repeated'),
      ],
      2,
    );
    expect(s.instances.map((r) => [r.raised, r.detected, r.alerts])).toEqual([
      [true, true, 2],
      [true, false, 1],
      [true, false, 1],
      [false, false, 0],
    ]);
    expect(s.instances[0]!.best).toEqual({
      trigger: 'system_error',
      level: 'critical',
      title: 'system_error critical a1',
    });
    expect(s.instances[1]!.best?.trigger).toBe('anomaly');
    expect(s.instances[3]!.best).toBeNull();
    expect(s.detected).toBe(1);
    expect(s.recall).toBe(0.25);
    expect(s.raised).toBe(3);
    expect(s.byFamily).toEqual({
      nginx: { detected: 0, total: 1, recall: 0 },
      openssh: { detected: 0, total: 1, recall: 0 },
      postgresql: { detected: 1, total: 2, recall: 0.5 },
    });
    expect(s.byFormat.json).toEqual({ detected: 0, total: 1, recall: 0 });
    expect(s.byKind).toEqual({ k: { detected: 1, total: 4, recall: 0.25 } });
    // Raised instances have 2, 1 and 1 distinct alerts; the missed one is not in the median.
    expect(s.medianAlertsPerIncident).toBe(1);
  });

  it('prefers the alert with the expected trigger as the best one, then the higher level', () => {
    const s = summarise(
      [METAS[3]!],
      [occ(0, 'x', 'system_error', 'critical'), occ(0, 'y', 'performance', 'low')],
      1,
    );
    expect(s.instances[0]!.best?.trigger).toBe('performance');
    expect(s.instances[0]!.detected).toBe(false);
  });

  it('counts calm traffic that creates, escalates or reopens a high or critical alert, per hour', () => {
    const s = summarise(
      METAS,
      [
        occ(CALM, 'c1', 'security', 'high'),
        occ(CALM, 'c1', 'security', 'high', 'repeated'), // a repeat is not a new false alarm
        occ(CALM, 'c2', 'system_error', 'medium'),
        occ(CALM, 'c2', 'system_error', 'critical', 'escalated'),
        occ(CALM, 'c3', 'anomaly', 'low'),
        occ(CALM, 'c1', 'security', 'high', 'reopened'),
      ],
      4,
    );
    expect(s.falseHighOrCritical).toBe(3);
    expect(s.falseHighOrCriticalPerHour).toBe(0.75);
    expect(s.calmRaisesByLevel).toEqual({ critical: 1, high: 2, medium: 1, low: 1 });
    expect(s.falseHighTitles[0]).toEqual({ title: 'security high c1', count: 2 });
    expect(s.detected).toBe(0);
  });

  it('refuses an occurrence of an instance it does not know', () => {
    expect(() => summarise(METAS, [occ(9, 'z', 'anomaly', 'low')], 1)).toThrow(/unknown instance 9/);
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([])).toBe(0);
    expect(median([5])).toBe(5);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('report', () => {
  it('prints a row per instance and a JSON line with the figures', () => {
    const s = summarise(METAS, [occ(0, 'a1', 'system_error', 'high')], 2);
    const table = formatTable(s);
    expect(table.split('\n').filter((l) => l.startsWith('pg-deadlock'))).toHaveLength(2);
    expect(table).toContain('recall at expected trigger and level: 1/4 = 0.250');
    const line = summaryJson(s, { seed: 3 });
    expect(line.startsWith('EVAL_INCIDENTS ')).toBe(true);
    expect(JSON.parse(line.slice('EVAL_INCIDENTS '.length))).toMatchObject({
      recall: 0.25,
      detected: 1,
      instances: 4,
      falseHighOrCriticalPerHour: 0,
      seed: 3,
    });
  });
});
