/**
 * Scenario 3, bad input. Sixteen kinds of malformed values (BAD_KINDS: invalid UTF-8, binary,
 * empty, null, 10 MiB, 100,000-level JSON, wrong types, huge numbers, NULs, control characters,
 * truncated syslog, a 900 KiB token, ...) mixed into normal sequenced traffic through the real
 * broker; then a flood of random-bytes messages mixed into more normal traffic.
 *
 * Targets: the engine keeps running (no source crash, no handler failure); every message is
 * accounted for (processed + errors = sent); every malformed value is counted under its
 * data-quality kind (exactly, for the sixteen kinds; for random bytes, every rejected one as
 * binary and every accepted one with a warning); every normal log around them analyzed; memory
 * bounded.
 */
import type { Stats } from '../../../core/contract';
import { KafkaLogSource } from '../../../core/ingest/kafka-source';
import { uniqueName, withProducer } from '../../harness/kafka-fixtures';
import { BAD_KINDS, RANDOM_BYTES, type BadKind } from '../support/bad-messages';
import { sendAll } from '../support/batched-send';
import { kafkaStart, ledgerRecorder, openEngine } from '../support/engine-under-test';
import { Targets, mib, type Figures, type ScenarioResult } from '../support/figures';
import { MemorySampler } from '../support/memory-sampler';
import { SeqLedger } from '../support/seq-ledger';
import { sequencedLog } from '../support/sequenced-logs';
import { createTopic } from '../support/topics';
import { waitFor } from '../support/wait';

export interface BadInputOptions {
  brokers: string[];
  /** Normal logs in each of the two phases. */
  normalLogs: number;
  /** Messages of each malformed kind (the 10 MiB kind: `oversizedCount`). */
  perKind: number;
  oversizedCount: number;
  randomMessages: number;
  log?: (line: string) => void;
}

const OVERSIZED = '10 MiB value';
const RANDOM_SLICE = 10_000;
/**
 * Memory targets. The engine's state is capped (templates, caches, samples, live tail), so what
 * it keeps after the run must be small; the peak includes fetched batches (up to 10 MiB each, and
 * the 10 MiB values themselves), the producer's requests in this process, and garbage.
 */
const HEAP_GROWTH_TARGET_MIB = 64;
const RSS_PEAK_GROWTH_TARGET_MIB = 512;
/** The topic accepts the 10 MiB values (the broker default is about 1 MiB). */
const TOPIC_CONFIG = { 'max.message.bytes': String(16 * 1024 * 1024) };

/** `bad` spread evenly between the normal logs `first..first+count-1`. */
function interleave(
  first: number,
  count: number,
  bad: ReadonlyArray<Buffer | null>,
): Array<Buffer | string | null> {
  const out: Array<Buffer | string | null> = [];
  let next = 0;
  for (let i = 0; i < count; i++) {
    out.push(sequencedLog(first + i));
    while (next < bad.length && (next + 1) * count <= (i + 1) * (bad.length + 1)) out.push(bad[next++]!);
  }
  while (next < bad.length) out.push(bad[next++]!);
  return out;
}

function countOf(kind: BadKind, options: BadInputOptions): number {
  return kind.name === OVERSIZED ? options.oversizedCount : options.perKind;
}

function delta(after: Record<string, number>, before: Record<string, number>, key: string): number {
  return (after[key] ?? 0) - (before[key] ?? 0);
}

/**
 * Sends the sixteen kinds amid normal logs 0..normalLogs-1; returns the counts only, so that the
 * values (tens of MiB) are garbage once sent and do not weigh on the memory figures.
 */
async function sendPhaseA(
  options: BadInputOptions,
  topic: string,
): Promise<{ malformed: number; sent: number }> {
  const bad: Array<Buffer | null> = [];
  for (const kind of BAD_KINDS) for (let i = 0; i < countOf(kind, options); i++) bad.push(kind.make(i));
  const values = interleave(0, options.normalLogs, bad);
  await withProducer(options.brokers, (producer) => sendAll(producer, topic, values));
  return { malformed: bad.length, sent: values.length };
}

export async function badInputScenario(options: BadInputOptions): Promise<ScenarioResult> {
  const topic = uniqueName('rel-bad-input');
  await createTopic(options.brokers, topic, 3, TOPIC_CONFIG);
  const ledger = new SeqLedger(options.normalLogs * 2);
  const engine = await openEngine({ onAnalyzed: ledgerRecorder(ledger) });
  const memory = new MemorySampler();
  const targets = new Targets();
  const stats = async (): Promise<Stats> => (await engine.client.call('engine:status', {})).stats;
  const analyzedOrRejected = async (total: number): Promise<boolean> => {
    const s = await stats();
    return s.processed + s.errors >= total;
  };

  try {
    await engine.client.call(
      'engine:start',
      kafkaStart(options.brokers, topic, uniqueName('rel-bad-input-group')),
    );

    // Phase A: the sixteen kinds amid normal traffic.
    const { malformed, sent: phaseASent } = await sendPhaseA(options, topic);
    ledger.markAcknowledged(Array.from({ length: options.normalLogs }, (_, i) => i));
    await waitFor('phase A analyzed or rejected', () => analyzedOrRejected(phaseASent), 300_000, 200);
    const afterA = await stats();

    // Phase B: the random-bytes flood amid normal traffic, sent in slices to bound memory here.
    const randomPerSlice = Math.ceil(
      options.randomMessages / Math.ceil(options.randomMessages / RANDOM_SLICE),
    );
    const slices = Math.ceil(options.randomMessages / randomPerSlice);
    const normalPerSlice = Math.ceil(options.normalLogs / slices);
    let randomSent = 0;
    let normalSent = 0;
    await withProducer(options.brokers, async (producer) => {
      for (let s = 0; s < slices; s++) {
        const randomCount = Math.min(randomPerSlice, options.randomMessages - randomSent);
        const normalCount = Math.min(normalPerSlice, options.normalLogs - normalSent);
        const garbage = Array.from({ length: randomCount }, (_, i) => RANDOM_BYTES.make(randomSent + i));
        await sendAll(producer, topic, interleave(options.normalLogs + normalSent, normalCount, garbage));
        randomSent += randomCount;
        normalSent += normalCount;
      }
    });
    ledger.markAcknowledged(Array.from({ length: normalSent }, (_, i) => options.normalLogs + i));
    const totalSent = phaseASent + randomSent + normalSent;
    await waitFor('phase B analyzed or rejected', () => analyzedOrRejected(totalSent), 300_000, 200);
    await waitFor('every normal log analyzed', () => ledger.pending() === 0, 60_000).catch(() => undefined);
    const afterB = await stats();
    const status = await engine.client.call('engine:status', {});
    const mem = memory.stop();

    // Phase A accounting, exact: what each kind must become.
    const expectedByKind: Record<string, number> = {};
    let rejectedA = 0;
    let acceptedA = 0;
    for (const kind of BAD_KINDS) {
      const n = countOf(kind, options);
      if (kind.expectIssue !== null)
        expectedByKind[kind.expectIssue] = (expectedByKind[kind.expectIssue] ?? 0) + n;
      if (kind.rejected) rejectedA += n;
      else acceptedA += n;
    }
    const dataQualityA: Figures = {};
    for (const [kind, expected] of Object.entries(expectedByKind)) {
      const counted = afterA.dataQuality.byKind[kind] ?? 0;
      dataQualityA[kind] = { expected, counted };
      targets.equal(`phase A data-quality count of ${kind}`, counted, expected);
    }
    const unexpectedKindsA = Object.keys(afterA.dataQuality.byKind).filter((k) => !(k in expectedByKind));
    targets.check(
      unexpectedKindsA.length === 0,
      `phase A counted unexpected kinds: ${unexpectedKindsA.join(', ')}`,
    );
    targets.equal('phase A rejected (stats.errors)', afterA.errors, rejectedA);
    targets.equal('phase A analyzed (stats.processed)', afterA.processed, options.normalLogs + acceptedA);

    // Phase B accounting: every random value rejected as binary, or analyzed with a counted warning.
    const errorsB = afterB.errors - afterA.errors;
    const binaryB = delta(afterB.dataQuality.byKind, afterA.dataQuality.byKind, 'binary');
    const randomAccepted = afterB.processed - afterA.processed - normalSent;
    const warningsB = afterB.dataQuality.total - afterA.dataQuality.total - binaryB;
    targets.equal('phase B rejections not counted as binary', errorsB - binaryB, 0);
    targets.equal('phase B messages unaccounted for', randomSent - errorsB - randomAccepted, 0);
    targets.check(
      warningsB >= randomAccepted,
      `${randomAccepted} random values were analyzed but only ${warningsB} warnings counted`,
    );

    const ledgerSummary = ledger.summary();
    const source = engine.sources.current();
    const counters = source instanceof KafkaLogSource ? source.stats() : null;
    targets.equal('normal logs lost', ledgerSummary.lost, 0);
    targets.equal(
      'messages unaccounted for (sent - processed - errors)',
      totalSent - afterB.processed - afterB.errors,
      0,
    );
    targets.check(status.running, 'the engine stopped');
    targets.check(counters !== null, 'the source is not the Kafka source');
    targets.equal('source crashes', counters?.crashes ?? -1, 0);
    targets.equal('batch handler failures', counters?.handlerFailures ?? -1, 0);
    const heapGrowthMiB = mib(mem.heapEndBytes - mem.heapStartBytes);
    const rssPeakGrowthMiB = mib(mem.rssPeakBytes - mem.rssStartBytes);
    targets.atMost('heap retained after the run, after GC (MiB)', heapGrowthMiB, HEAP_GROWTH_TARGET_MIB);
    targets.atMost('RSS peak growth (MiB)', rssPeakGrowthMiB, RSS_PEAK_GROWTH_TARGET_MIB);

    return {
      test: 'reliability-bad-input',
      figures: {
        kinds: BAD_KINDS.length + 1,
        kindNames: [...BAD_KINDS.map((k) => k.name), RANDOM_BYTES.name],
        perKind: options.perKind,
        oversizedValues: options.oversizedCount,
        malformedSent: malformed + randomSent,
        normalSent: options.normalLogs + normalSent,
        totalSent,
        processed: afterB.processed,
        errors: afterB.errors,
        phaseADataQuality: dataQualityA,
        phaseARejected: afterA.errors,
        randomSent,
        randomRejectedAsBinary: binaryB,
        randomAnalyzedWithWarnings: randomAccepted,
        normalAnalyzedAtLeastOnce: ledgerSummary.analyzedAtLeastOnce,
        normalLost: ledgerSummary.lost,
        sourceCrashes: counters?.crashes ?? null,
        handlerFailures: counters?.handlerFailures ?? null,
        health: status.health.status,
        healthReasons: status.health.reasons,
        rssBeforeMiB: mib(mem.rssStartBytes),
        rssPeakMiB: mib(mem.rssPeakBytes),
        rssAfterMiB: mib(mem.rssEndBytes),
        rssPeakGrowthMiB,
        rssPeakGrowthTargetMiB: RSS_PEAK_GROWTH_TARGET_MIB,
        heapBeforeMiB: mib(mem.heapStartBytes),
        heapAfterMiB: mib(mem.heapEndBytes),
        heapRetainedGrowthMiB: heapGrowthMiB,
        heapRetainedGrowthTargetMiB: HEAP_GROWTH_TARGET_MIB,
      },
      failures: targets.failures,
    };
  } finally {
    memory.stop();
    await engine.close();
  }
}
