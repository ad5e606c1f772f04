/**
 * Issue 19's target stream: 50,000 Loghub lines of 14 systems with no login failures, and a burst of
 * 600 real OpenSSH "Failed password" lines spread evenly through it (so over every partition when
 * the lines go round-robin to the partitions).
 */
import { rawLines } from '../../fixtures/loghub';

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
export const TOTAL = 50_000;
export const BURST = 600;

/** The stream: calm lines in turn, with the burst's failures every (TOTAL / BURST)th log. */
export function clusterStream(): string[] {
  const calm = CALM.flatMap((system) => rawLines(system));
  const failures = rawLines('OpenSSH').filter((line) => line.includes('Failed password'));
  const every = Math.floor(TOTAL / BURST);
  const out: string[] = [];
  let c = 0;
  let f = 0;
  for (let i = 0; i < TOTAL; i++)
    out.push(
      i % every === every - 1 && f < BURST ? failures[f++ % failures.length]! : calm[c++ % calm.length]!,
    );
  return out;
}
