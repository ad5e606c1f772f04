/**
 * Issue 19's target stream: 50,000 Loghub lines of 14 systems with no login failures, and a burst of
 * 600 real OpenSSH "Failed password" lines spread evenly through it (so over every partition when
 * the lines go round-robin to the partitions), and how the cluster tests produce it.
 */
import type { Producer } from 'kafkajs';
import { LOGHUB_SYSTEMS, rawLines } from '../../fixtures/loghub';

/** Every Loghub system but the two whose logs hold login failures. */
const CALM = LOGHUB_SYSTEMS.filter((system) => system !== 'Linux' && system !== 'OpenSSH');
export const TOTAL = 50_000;
export const BURST = 600;
/** The log topic's partitions in the cluster tests: the burst reaches each of them. */
export const PARTITIONS = 6;
/** The rule pack's rule that the burst sets off (its alerts' fingerprints name it). */
export const isBruteForce = (fingerprint: string): boolean => fingerprint.includes('sshd.brute-force');

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

/** Sends `lines[from, to)` round-robin over the topic's `PARTITIONS` partitions, 1,000 a request. */
export async function produceStream(
  producer: Producer,
  topic: string,
  lines: readonly string[],
  from = 0,
  to = lines.length,
): Promise<void> {
  for (let i = from; i < to; i += 1000)
    await producer.send({
      topic,
      messages: lines
        .slice(i, Math.min(i + 1000, to))
        .map((value, j) => ({ value, partition: (i + j) % PARTITIONS })),
    });
}
