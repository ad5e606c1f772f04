/**
 * The stream of the cluster tests (as tests/integration/cluster-analyzers.test.ts): real Loghub lines
 * of 14 systems with no login failures, and a burst of real OpenSSH "Failed password" lines every
 * (total / burst)th log, so the burst spreads over every partition.
 */
import { rawLines } from '../fixtures/loghub';

const CALM = [
  'Android',
  'Apache',
  'BGL',
  'HDFS',
  'HPC',
  'Hadoop',
  'HealthApp',
  'Mac',
  'OpenStack',
  'Proxifier',
  'Spark',
  'Thunderbird',
  'Windows',
  'Zookeeper',
];

export function burstStream(total: number, burst: number): string[] {
  const calm = CALM.flatMap((system) => rawLines(system));
  const failures = rawLines('OpenSSH').filter((line) => line.includes('Failed password'));
  const every = Math.floor(total / burst);
  const out: string[] = [];
  let c = 0;
  let f = 0;
  for (let i = 0; i < total; i++)
    out.push(
      i % every === every - 1 && f < burst ? failures[f++ % failures.length]! : calm[c++ % calm.length]!,
    );
  return out;
}
