/**
 * `npm run bench -- history-cpu`: the history writer's CPU per log, in isolation (no broker, so the
 * figures mean something on a loaded machine). The same realistic batches (the Loghub lines of the
 * pipeline benchmark, parsed and analyzed by the real parser and analyzer, 5,000 a batch as a
 * 1 MB Kafka fetch brings them) are offered at a steady 60,000 logs/s to each way of writing them,
 * side by side in this one run, each into a fresh database with the store's settings:
 *  - `v1-lists`: the writer before (one insert per engine batch, each row a JSON list of VARCHARs
 *    cast in SQL), kept here as the reference;
 *  - `appender`: DuckDB's appender fed with data chunks of 2,048 rows (one native call per value);
 *  - `columns`: one typed JSON object of column arrays per batch (no casts);
 *  - `v1-coalesced-*`: v1 with engine batches gathered into one insert (20,000 rows / 250 ms, and
 *    130,000 rows / 2.5 s, past DuckDB's row group of 122,880 that it writes straight to the file);
 *  - `v1-threads1-unordered`: v1 with DuckDB on one thread and preserve_insertion_order off;
 *  - `writer`: the HistoryWriter as it is now (columns posted to the staging thread, which appends
 *    their CSV text to a staging file, loaded by DuckDB's CSV reader 50,000 rows at a time, DuckDB on
 *    one thread, messages not FSST-compressed: core/history/writer.ts); `writer-fsst` the same with
 *    DuckDB's FSST compression of the messages (as before);
 *    `writer-per-batch-2-threads` close to the writer before (a load as soon as a batch is staged, so
 *    one per engine batch while DuckDB keeps up, on two DuckDB threads; today's CSV text), and the two
 *    changes alone: `writer-per-batch`, `writer-2-threads`.
 * Each reports process CPU per log (every thread, DuckDB's included), the engine thread's share
 * (the main thread's run time from /proc/self/task/<pid>/schedstat: Node 20 has no
 * process.threadCpuUsage) and the rest, with what was stored and dropped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Analysis, LogRecord } from '../../core/contract';
import { Analyzer } from '../../core/engine/analyzer';
import { openModelPort } from '../../core/engine/model-port-impl';
import { HistoryWriter, type HistoryWriterOptions } from '../../core/history';
import { parseMessage } from '../../core/parse';
import { defaultModelsDir } from '../../core/paths';
import { benchLines } from './kafka-bench-data';
import { mainThreadCpuUs } from './thread-cpu';
import {
  appenderSink,
  coalescedBigSink,
  coalescedSink,
  columnsSink,
  settingsSink,
  v1Sink,
  type Batch,
  type Sink,
} from './history-sinks';

type Figures = Record<string, number | string | boolean>;

const BATCH = 5000;
const RATE = 60_000;

async function realBatches(count: number): Promise<Batch[]> {
  const lines = benchLines();
  const models = await openModelPort(defaultModelsDir());
  const analyzer = new Analyzer(models);
  const batches: Batch[] = [];
  let offset = 0;
  for (let b = 0; b < count; b++) {
    const records: LogRecord[] = [];
    for (let i = 0; i < BATCH; i++, offset++) {
      const outcome = parseMessage({
        topic: 'bench-history',
        partition: b % 3,
        offset: String(offset),
        timestamp: Date.now(),
        key: null,
        value: Buffer.from(lines[offset % lines.length]!),
      });
      if (outcome.ok) records.push(outcome.record);
    }
    const analyses: Analysis[] = await analyzer.analyze(records);
    // One log in 500 joined an alert, as the engine marks them.
    const alertIds = new Map<number, string>();
    for (let i = 0; i < records.length; i += 500) alertIds.set(i, `alert-${b}-${i}`);
    batches.push({ records, analyses, alertIds });
  }
  await models.close();
  return batches;
}

function writerSink(name: string, options: Partial<HistoryWriterOptions> = {}): Sink {
  return {
    name,
    async open(dir) {
      const writer = await HistoryWriter.open({
        dir,
        maxAgeMs: 24 * 3_600_000,
        maxBytes: 2 * 1024 ** 3,
        ...options,
      });
      return {
        offer: (b, at) => writer.offer(b.records, b.analyses, b.alertIds, at),
        flush: () => writer.flush(),
        stored: async () => writer.store.count(),
        dropped: () => writer.state().dropped,
        close: () => writer.close(),
      };
    },
  };
}

async function measure(sink: Sink, batches: Batch[]): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), `vigil-bench-hcpu-${sink.name}-`));
  const open = await sink.open(dir);
  const logs = batches.reduce((n, b) => n + b.records.length, 0);
  let closed = false;
  try {
    const cpu0 = process.cpuUsage();
    const main0 = mainThreadCpuUs();
    const t0 = performance.now();
    let offerUs = 0;
    for (let i = 0; i < batches.length; i++) {
      const due = t0 + ((i * BATCH) / RATE) * 1000;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const s = performance.now();
      open.offer(batches[i]!, Date.now());
      offerUs += (performance.now() - s) * 1000;
    }
    await open.flush();
    const stored = await open.stored();
    // Closing checkpoints: the WAL folded into the file is part of the cost of every variant.
    await open.close();
    closed = true;
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const main1 = mainThreadCpuUs();
    const totalUs = cpu.user + cpu.system;
    const mainUs = main0 === null || main1 === null ? null : main1 - main0;
    const per = (us: number): number => Number((us / logs).toFixed(2));
    return {
      variant: sink.name,
      logs,
      stored,
      dropped: open.dropped(),
      cpuUsPerLog: per(totalUs),
      engineThreadUsPerLog: mainUs === null ? 'unknown' : per(mainUs),
      otherThreadsUsPerLog: mainUs === null ? 'unknown' : per(totalUs - mainUs),
      offerCallUsPerLog: per(offerUs),
      wallSeconds: Number((wallMs / 1000).toFixed(2)),
    };
  } finally {
    if (!closed) await open.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchHistoryWriterCpu(
  batchCount = Number(process.env.VIGIL_HISTORY_CPU_BATCHES ?? 60),
): Promise<Figures> {
  const batches = await realBatches(batchCount);
  const all = [
    v1Sink,
    writerSink('writer'),
    writerSink('writer-fsst', { fsst: true }),
    writerSink('writer-per-batch-2-threads', { loadRows: 1, threads: 2 }),
    writerSink('writer-per-batch', { loadRows: 1 }),
    writerSink('writer-2-threads', { threads: 2 }),
    appenderSink,
    columnsSink,
    coalescedSink,
    coalescedBigSink,
    settingsSink,
  ];
  // VIGIL_HISTORY_CPU_VARIANTS=writer,writer-fsst: only these (the reference v1-lists always runs).
  const only = (process.env.VIGIL_HISTORY_CPU_VARIANTS ?? '').split(',').filter(Boolean);
  const variants =
    only.length === 0 ? all : all.filter((v) => v.name === 'v1-lists' || only.includes(v.name));
  // Each variant twice, the second pass in reverse order, so drift of a shared machine favours none
  // (VIGIL_HISTORY_CPU_PASSES pairs of passes, 1 by default).
  const passes = Number(process.env.VIGIL_HISTORY_CPU_PASSES ?? 1);
  const sinks = Array.from({ length: passes }, () => [...variants, ...variants.slice().reverse()]).flat();
  const runs: Figures[] = [];
  for (const sink of sinks) runs.push(await measure(sink, batches));
  const mean = (name: string, key: string): number => {
    const values = runs.filter((r) => r.variant === name).map((r) => Number(r[key]));
    return Number((values.reduce((x, y) => x + y, 0) / values.length).toFixed(2));
  };
  // Per variant, the mean of its runs: total CPU / engine thread / other threads, µs per log.
  const byVariant: Record<string, string> = {};
  for (const v of variants)
    byVariant[v.name] = ['cpuUsPerLog', 'engineThreadUsPerLog', 'otherThreadsUsPerLog']
      .map((k) => mean(v.name, k))
      .join(' / ');
  const before = mean('v1-lists', 'cpuUsPerLog');
  const after = mean('writer', 'cpuUsPerLog');
  return {
    bench: 'history-writer-cpu',
    logs: Number(runs[0]!.logs),
    offeredPerSecond: RATE,
    byVariant: JSON.stringify(byVariant),
    stored: runs.map((r) => `${r.variant}:${r.stored}/${r.dropped}`).join(','),
    v1CpuUsPerLog: before,
    writerCpuUsPerLog: after,
    v1EngineThreadUsPerLog: mean('v1-lists', 'engineThreadUsPerLog'),
    writerEngineThreadUsPerLog: mean('writer', 'engineThreadUsPerLog'),
    cut: Number((1 - after / before).toFixed(3)),
    // This build's writer against the one before it (per-batch loads on two DuckDB threads).
    perBatchCpuUsPerLog: mean('writer-per-batch-2-threads', 'cpuUsPerLog'),
    cutFromPerBatch: Number((1 - after / mean('writer-per-batch-2-threads', 'cpuUsPerLog')).toFixed(3)),
  };
}
