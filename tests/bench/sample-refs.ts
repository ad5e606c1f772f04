/**
 * `npm run bench -- sample-refs`: what keeping each sample's Kafka position costs on the hot path.
 * An alert flood (every log an occurrence of one open alert: the case where the store does the
 * most per log) recorded side by side in this one run, with the candidates carrying a `sampleRef`
 * as the rules now build them (`sampleRefOf(record)`), and without. CPU time per occurrence.
 */
import type { AlertCandidate } from '../../core/alerts/candidate';
import { AlertStore } from '../../core/alerts/alert-store';
import { sampleRefOf } from '../../core/alerts/sample-ref';
import type { LogRecord } from '../../core/contract';

const OCCURRENCES = 1_000_000;
const ROUNDS = 5;

function records(): LogRecord[] {
  return Array.from({ length: 1000 }, (_, i) => ({
    time: 1_764_900_000_000 + i,
    topic: 'security',
    partition: i % 3,
    offset: String(1_000_000 + i),
    service: 'sshd',
    host: 'LabSZ',
    level: null,
    message: `Failed password for root from 183.62.140.${i % 250} port ${40000 + i} ssh2`,
    fields: {},
    format: 'syslog3164',
  }));
}

function run(withRefs: boolean, logs: LogRecord[]): number {
  const store = new AlertStore();
  const started = process.cpuUsage();
  for (let n = 0; n < OCCURRENCES; n++) {
    const record = logs[n % logs.length]!;
    const candidate: AlertCandidate = {
      rule: 'sshd.brute-force',
      level: 'critical',
      trigger: 'security',
      title: 'Possible brute-force attack on sshd',
      reason: 'r',
      groupKey: 'rule:sshd.brute-force',
      service: record.service,
      topic: record.topic,
      templateId: 't',
      template: 'Failed password for <*> from <*> port <*> ssh2',
      sample: record.message,
      ...(withRefs ? { sampleRef: sampleRefOf(record) } : {}),
    };
    store.record(candidate, n);
    if (n % 5000 === 0) store.drainPersist(n);
  }
  const used = process.cpuUsage(started);
  return ((used.user + used.system) * 1000) / OCCURRENCES; // ns per occurrence
}

export function benchSampleRefs(): Record<string, unknown> {
  const logs = records();
  const without: number[] = [];
  const withRefs: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    without.push(run(false, logs));
    withRefs.push(run(true, logs));
  }
  const best = (xs: number[]) => Math.round(Math.min(...xs));
  return {
    bench: 'sample-refs',
    occurrences: OCCURRENCES,
    rounds: ROUNDS,
    cpuNsPerOccurrenceWithout: best(without),
    cpuNsPerOccurrenceWithRefs: best(withRefs),
    addedNsPerOccurrence: best(withRefs) - best(without),
  };
}
