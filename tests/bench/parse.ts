/**
 * Parse throughput on a realistic mix: real Loghub lines (bundled demo data) as plain text, and
 * the same content rendered as JSON, logfmt and syslog the way the demo source emits it.
 * Standalone: `npx tsx tests/bench/parse.ts` prints one JSON line.
 */
import { parseMessage } from '../../core/parse';
import type { RawMessage } from '../../core/ingest/source';
import { loadDemoCorpus } from '../../core/ingest/demo-corpus';

const WARMUP_ROUNDS = 2;
const MEASURE_MS = 3000;

function buildMix(): RawMessage[] {
  const corpus = loadDemoCorpus();
  const now = Date.now();
  const messages: RawMessage[] = [];
  let offset = 0;
  for (const line of corpus.baseline) {
    messages.push({
      topic: line.system.topic,
      partition: 0,
      offset: String(offset++),
      timestamp: now,
      key: null,
      value: Buffer.from(line.render(now), 'utf8'),
    });
  }
  return messages;
}

export async function benchParse(): Promise<Record<string, number | string>> {
  const messages = buildMix();
  const byFormat: Record<string, number> = {};
  let bytes = 0;
  for (const m of messages) {
    const outcome = parseMessage(m);
    if (outcome.ok) byFormat[outcome.record.format] = (byFormat[outcome.record.format] ?? 0) + 1;
    bytes += m.value?.length ?? 0;
  }
  for (let r = 0; r < WARMUP_ROUNDS; r++) for (const m of messages) parseMessage(m);
  // Let pending I/O and the warm-up garbage settle before the clock starts.
  await new Promise((resolve) => setImmediate(resolve));

  let parsed = 0;
  let rejected = 0;
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(MEASURE_MS) * 1_000_000n;
  while (process.hrtime.bigint() < deadline) {
    for (const m of messages) {
      if (!parseMessage(m).ok) rejected++;
      parsed++;
    }
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  // On a shared machine wall-clock throughput swings with other load; throughput per CPU-second
  // of this process is the steadier figure.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    bench: 'parse',
    logsPerSecond: Math.round(parsed / seconds),
    logsPerCpuSecond: Math.round(parsed / cpuSeconds),
    mbPerSecond: Math.round(((bytes / messages.length) * parsed) / seconds / 1e4) / 100,
    avgBytes: Math.round(bytes / messages.length),
    distinctMessages: messages.length,
    mix: Object.entries(byFormat)
      .map(([format, n]) => `${format}:${n}`)
      .join(' '),
    rejected,
    seconds: Math.round(seconds * 100) / 100,
  };
}

if (require.main === module) {
  benchParse().then(
    (result) => console.log(JSON.stringify(result)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
