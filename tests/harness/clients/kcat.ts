/**
 * kcat (Debian `kcat`, librdkafka) as a producer: `kcat -P -l FILE` writes each line of a file as
 * one message, as an operator piping a log file into Kafka would.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { requireCommand } from './require';
import { runToEnd, tempDir } from './process';

const KCAT_TIMEOUT_MS = 20_000;

/** `kcat 1.7.1 (librdkafka 2.0.2)`, from `kcat -V`. */
export function kcatVersion(): string {
  const kcat = requireCommand('kcat', 'kcat');
  const text = execFileSync(kcat, ['-V'], { encoding: 'utf8', timeout: 5_000 });
  const version = /Version (\S+)/.exec(text)?.[1] ?? 'unknown';
  const librdkafka = /librdkafka (\S+)/.exec(text)?.[1] ?? 'unknown';
  return `kcat ${version} (librdkafka ${librdkafka})`;
}

/** Produces each line as one message to `topic` (partition 0, no key) and waits for delivery. */
export async function kcatProduceLines(brokers: string[], topic: string, lines: string[]): Promise<void> {
  const kcat = requireCommand('kcat', 'kcat');
  const bad = lines.findIndex((line) => line.includes('\n'));
  if (bad >= 0) throw new Error(`line ${bad} holds a newline: kcat -l sends one message per line`);
  const temp = tempDir('vigil-kcat-');
  try {
    const file = path.join(temp.dir, 'lines.txt');
    writeFileSync(file, lines.map((line) => `${line}\n`).join(''));
    await runToEnd(
      'kcat',
      kcat,
      ['-P', '-b', brokers.join(','), '-t', topic, '-p', '0', '-l', file, '-X', 'message.timeout.ms=10000'],
      { timeoutMs: KCAT_TIMEOUT_MS, guardDir: temp.dir },
    );
  } finally {
    temp.release();
  }
}
