/**
 * Alert evidence as analyzers publish it, for the cluster tests: a brute-force burst of failed sshd
 * logins (the real "Failed password" lines of the Loghub OpenSSH sample) and a spread of other alerts,
 * produced keyed by fingerprint with the Java-compatible partitioner, as an analyzer does.
 */
import { Partitioners, type Kafka } from 'kafkajs';
import type { Evidence } from '../../../core/cluster/evidence';
import { rawLines } from '../../fixtures/loghub';

export const BRUTE_FORCE = 'security|ssh-brute-force|sshd';
const FAILURES = rawLines('OpenSSH').filter((line) => line.includes('Failed password'));

function evidence(fingerprint: string, count: number, at: number, sample: string): Evidence {
  return {
    v: 1,
    fingerprint,
    level: fingerprint === BRUTE_FORCE ? 'critical' : 'medium',
    trigger: fingerprint === BRUTE_FORCE ? 'security' : 'system_error',
    title: fingerprint === BRUTE_FORCE ? 'Possible brute-force attack on sshd' : `Errors in ${fingerprint}`,
    reason: `${count} occurrences`,
    service: fingerprint === BRUTE_FORCE ? 'sshd' : 'app',
    topic: 'logs',
    templateId: null,
    template: null,
    rule: null,
    count,
    firstSeen: at,
    lastSeen: at,
    samples: [{ time: at, text: sample }],
  };
}

/**
 * `bruteForce` evidence records of count 1, plus `others` fingerprints with 1..7 occurrences in
 * records of 1..3, interleaved. Returns the records and the count each fingerprint must end with.
 */
export function clusterEvidence(bruteForce: number, others: number) {
  const records: Evidence[] = [];
  const expected = new Map<string, number>([[BRUTE_FORCE, bruteForce]]);
  for (let i = 0; i < bruteForce; i++)
    records.push(evidence(BRUTE_FORCE, 1, 1_700_000_000_000 + i * 10, FAILURES[i % FAILURES.length]!));
  for (let f = 0; f < others; f++) {
    const fingerprint = `system_error|t-${f}|app`;
    let left = 1 + (f % 7);
    expected.set(fingerprint, left);
    let k = 0;
    while (left > 0) {
      const n = Math.min(left, 1 + ((f + k) % 3));
      const at = 1_700_000_000_000 + f * 1000 + k;
      records.splice(
        (f * 37 + k * 11) % (records.length + 1),
        0,
        evidence(fingerprint, n, at, `app error ${f}`),
      );
      left -= n;
      k++;
    }
  }
  return { records, expected };
}

/** Produces evidence keyed by fingerprint, `chunk` records a request. */
export async function produceEvidence(
  kafka: Kafka,
  topic: string,
  records: readonly Evidence[],
  chunk = 100,
) {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  try {
    for (let i = 0; i < records.length; i += chunk) {
      await producer.send({
        topic,
        acks: -1,
        messages: records.slice(i, i + chunk).map((e) => ({ key: e.fingerprint, value: JSON.stringify(e) })),
      });
    }
  } finally {
    await producer.disconnect();
  }
}
