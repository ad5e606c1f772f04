/**
 * Bounded memory: resident set size after 1 million and after 5 million logs through the engine's
 * batch path (parse → mine → classify → detect → alert → persist). The stream is the Loghub lines
 * with their numbers re-randomized, plus 2% lines carrying a never-seen word, so that template,
 * pattern, detector and cache tables all hit their caps and must evict. Run in a child process
 * with --expose-gc (tests/bench/run.ts does), so each reading follows a full collection.
 * Target: RSS(5M) − RSS(1M) ≤ 50 MB.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../../core/engine/create';
import type { RawMessage } from '../../core/ingest/source';
import { allRawLines } from '../fixtures/loghub';

const BATCH = 1000;

function makeStream(): (i: number) => RawMessage {
  const lines = allRawLines().map((l) => l.line);
  let seed = 42;
  const random = (): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  return (i) => {
    let text = lines[i % lines.length]!.replace(/\d+/g, () => String(Math.floor(random() * 100_000)));
    if (random() < 0.02) text = `${text} novel${Math.floor(random() * 1e9).toString(36)}`;
    return {
      topic: 'mem',
      partition: i % 3,
      offset: String(i),
      timestamp: Date.now(),
      key: null,
      value: Buffer.from(text),
    };
  };
}

/** RSS after full collections, and the live JS heap then: RSS growth without heap growth is the allocator, not a leak. */
function memoryAfterGc(): { rss: number; heapUsed: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) for (let i = 0; i < 3; i++) gc();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
}

const mb = (bytes: number): number => Math.round(bytes / 2 ** 20);

export async function benchMemory(
  total = 5_000_000,
  checkpoint = 1_000_000,
): Promise<Record<string, number | string | boolean>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-mem-'));
  const client = await createEngine({ dataDir, engine: { tickMs: 1000 } });
  const next = makeStream();
  let atCheckpoint = { rss: 0, heapUsed: 0 };
  const started = Date.now();
  try {
    for (let i = 0; i < total; i += BATCH) {
      const batch: RawMessage[] = [];
      for (let j = i; j < i + BATCH; j++) batch.push(next(j));
      await client.engine.processBatch(batch);
      if (i + BATCH === checkpoint) atCheckpoint = memoryAfterGc();
    }
    const atEnd = memoryAfterGc();
    const growthMb = (atEnd.rss - atCheckpoint.rss) / 2 ** 20;
    return {
      bench: 'memory',
      logs: total,
      gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
      rssAt1MMb: mb(atCheckpoint.rss),
      rssAt5MMb: mb(atEnd.rss),
      growthMb: Number(growthMb.toFixed(1)),
      heapUsedAt1MMb: mb(atCheckpoint.heapUsed),
      heapUsedAt5MMb: mb(atEnd.heapUsed),
      logsPerSecond: Math.round(total / ((Date.now() - started) / 1000)),
      targetGrowthMb: 50,
      pass: growthMb <= 50,
    };
  } finally {
    await client.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const total = Number(process.env.MEMORY_BENCH_LOGS ?? 5_000_000);
  benchMemory(total, Math.min(1_000_000, total / 5)).then(
    (r) => console.log(JSON.stringify(r)),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exitCode = 1;
    },
  );
}
