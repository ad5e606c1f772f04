/**
 * The figures of the incident evaluation, from the occurrences and the instances' expectations:
 *  - an instance is *detected* when one of its alerts has the expected trigger and at least the
 *    expected level; *raised* when it got any alert at all;
 *  - recall = detected / instances (overall, per family, per format, per kind of incident);
 *  - alerts per incident = distinct alerts the instance's lines created or counted into; the
 *    median is taken over raised instances (an instance with none is a miss, counted in recall);
 *  - false high/critical = times calm traffic made an alert high or critical (created, escalated
 *    or reopened at that level), per hour of the stream's virtual time (calm runs all along).
 */
import type { AlertLevel, AlertTrigger } from '../../../core/contract';
import { CALM, type Occurrence } from './attribution';

const RANK: Readonly<Record<AlertLevel, number>> = { low: 1, medium: 2, high: 3, critical: 4 };

export function rank(level: AlertLevel): number {
  return RANK[level];
}

export interface InstanceMeta {
  id: string;
  family: string;
  format: string;
  kind: string;
  expect: { trigger: AlertTrigger; level: AlertLevel };
}

export interface InstanceResult extends InstanceMeta {
  raised: boolean;
  detected: boolean;
  alerts: number;
  best: { trigger: AlertTrigger; level: AlertLevel; title: string } | null;
}

export interface Ratio {
  detected: number;
  total: number;
  recall: number;
}

export interface Summary {
  instances: InstanceResult[];
  recall: number;
  detected: number;
  total: number;
  raised: number;
  byFamily: Record<string, Ratio>;
  byFormat: Record<string, Ratio>;
  byKind: Record<string, Ratio>;
  medianAlertsPerIncident: number;
  falseHighOrCritical: number;
  calmHours: number;
  falseHighOrCriticalPerHour: number;
  /** Occurrences from calm traffic that created or raised an alert, by level. */
  calmRaisesByLevel: Record<AlertLevel, number>;
  /** The false high/critical alerts by title, most frequent first (what to fix). */
  falseHighTitles: Array<{ title: string; count: number }>;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function score(o: Occurrence, expect: InstanceMeta['expect']): number {
  return (o.trigger === expect.trigger ? 10 : 0) + rank(o.level);
}

function ratio(detected: number, total: number): Ratio {
  return { detected, total, recall: total === 0 ? 0 : detected / total };
}

function tally(
  results: readonly InstanceResult[],
  key: (r: InstanceResult) => string,
): Record<string, Ratio> {
  const counts = new Map<string, [number, number]>();
  for (const r of results) {
    const c = counts.get(key(r)) ?? [0, 0];
    c[0] += r.detected ? 1 : 0;
    c[1] += 1;
    counts.set(key(r), c);
  }
  const out: Record<string, Ratio> = {};
  for (const [k, [d, t]] of [...counts].sort((a, b) => a[0].localeCompare(b[0]))) out[k] = ratio(d, t);
  return out;
}

export function summarise(
  metas: readonly InstanceMeta[],
  occurrences: readonly Occurrence[],
  calmHours: number,
): Summary {
  const byInstance = metas.map(() => [] as Occurrence[]);
  const calmRaisesByLevel: Record<AlertLevel, number> = { low: 0, medium: 0, high: 0, critical: 0 };
  let falseHigh = 0;
  const falseTitles = new Map<string, number>();
  for (const o of occurrences) {
    if (o.origin === CALM) {
      if (o.change === 'repeated') continue;
      calmRaisesByLevel[o.level]++;
      if (rank(o.level) >= RANK.high) {
        falseHigh++;
        falseTitles.set(o.title, (falseTitles.get(o.title) ?? 0) + 1);
      }
      continue;
    }
    const list = byInstance[o.origin];
    if (list === undefined) throw new Error(`occurrence of unknown instance ${o.origin}`);
    list.push(o);
  }
  const instances = metas.map((meta, i): InstanceResult => {
    const list = byInstance[i]!;
    let best: Occurrence | null = null;
    for (const o of list) if (best === null || score(o, meta.expect) > score(best, meta.expect)) best = o;
    return {
      ...meta,
      raised: list.length > 0,
      detected: list.some(
        (o) => o.trigger === meta.expect.trigger && rank(o.level) >= rank(meta.expect.level),
      ),
      alerts: new Set(list.map((o) => o.alertId)).size,
      best: best === null ? null : { trigger: best.trigger, level: best.level, title: best.title },
    };
  });
  const detected = instances.filter((r) => r.detected).length;
  return {
    instances,
    recall: ratio(detected, instances.length).recall,
    detected,
    total: instances.length,
    raised: instances.filter((r) => r.raised).length,
    byFamily: tally(instances, (r) => r.family),
    byFormat: tally(instances, (r) => r.format),
    byKind: tally(instances, (r) => r.kind),
    medianAlertsPerIncident: median(instances.filter((r) => r.raised).map((r) => r.alerts)),
    falseHighOrCritical: falseHigh,
    calmHours,
    falseHighOrCriticalPerHour: calmHours > 0 ? falseHigh / calmHours : 0,
    calmRaisesByLevel,
    falseHighTitles: [...falseTitles]
      .map(([title, count]) => ({ title, count }))
      .sort((a, b) => b.count - a.count || a.title.localeCompare(b.title)),
  };
}
