/**
 * Scenario 2, engine crash and resume. An engine runs in a child process consuming a steady
 * stream; mid-stream one of its alerts is acknowledged, all its alerts are listed, and the process
 * is SIGKILLed. A new process with the same data dir and consumer group takes over.
 *
 * Targets: every acknowledged log analyzed at least once across both runs (0 lost, by seq);
 * every alert listed before the kill present after the restart (0 lost alerts), the acknowledged
 * one still acknowledged, no alert's count rolled back; re-analyzed messages at most one batch per
 * partition.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alert } from '../../../core/contract';
import { uniqueName } from '../../harness/kafka-fixtures';
import { AnalyzedFileReader } from '../support/analyzed-file';
import { EngineChild } from '../support/engine-child-process';
import { kafkaStart } from '../support/engine-under-test';
import { Targets, seconds, type ScenarioResult } from '../support/figures';
import { SeqLedger } from '../support/seq-ledger';
import { sequencedLog } from '../support/sequenced-logs';
import { produceSteadily } from '../support/steady-producer';
import { createTopic } from '../support/topics';
import { waitFor } from '../support/wait';

export interface EngineCrashOptions {
  brokers: string[];
  logs: number;
  perSecond: number;
  /** The child is killed once it has analyzed this share of the logs. */
  killAtShare: number;
  partitions?: number;
  log?: (line: string) => void;
}

const ALERT_LIMIT = 5000;

/** An alert that a later occurrence cannot escalate (and so reopen): its rule has one level. */
function ackCandidate(alerts: readonly Alert[]): Alert | undefined {
  return alerts.find((a) => a.status === 'open' && a.trigger !== 'anomaly' && a.templateId !== null);
}

export async function engineCrashScenario(options: EngineCrashOptions): Promise<ScenarioResult> {
  const log = options.log ?? (() => undefined);
  const topic = uniqueName('rel-crash');
  const groupId = uniqueName('rel-crash-group');
  const partitions = options.partitions ?? 3;
  await createTopic(options.brokers, topic, partitions);
  const workDir = mkdtempSync(join(tmpdir(), 'vigil-reliability-crash-'));
  const dataDir = join(workDir, 'data');
  const ledger = new SeqLedger(options.logs);
  const firstFile = new AnalyzedFileReader(join(workDir, 'analyzed-run1.tsv'), ledger);
  const secondFile = new AnalyzedFileReader(join(workDir, 'analyzed-run2.tsv'), ledger);
  const targets = new Targets();
  const children: EngineChild[] = [];
  let stopProducing = false;

  try {
    const first = await EngineChild.start({ dataDir, analyzedFile: firstFile.file });
    children.push(first);
    await first.call('engine:start', kafkaStart(options.brokers, topic, groupId));
    const production = produceSteadily({
      brokers: options.brokers,
      topic,
      total: options.logs,
      perSecond: options.perSecond,
      value: sequencedLog,
      onAcknowledged: (seqs) => ledger.markAcknowledged(seqs),
      shouldStop: () => stopProducing,
    });

    // Mid-stream: enough analyzed, and at least one alert that can be acknowledged.
    const killAt = Math.floor(options.logs * options.killAtShare);
    await waitFor(
      `the first engine to analyze ${killAt} logs and raise an alert`,
      async () => {
        firstFile.poll();
        if (ledger.analyzedPositions() < killAt) return false;
        return ackCandidate((await first.call('alerts:list', { limit: ALERT_LIMIT })).alerts) !== undefined;
      },
      300_000,
      200,
    );
    const candidate = ackCandidate((await first.call('alerts:list', { limit: ALERT_LIMIT })).alerts)!;
    const acked = await first.call('alerts:act', { id: candidate.id, action: 'ack' });
    const beforeKill = (await first.call('alerts:list', { limit: ALERT_LIMIT })).alerts;
    const killedAt = Date.now();
    await first.kill();
    firstFile.poll();
    const analyzedAtKill = ledger.analyzedPositions();
    const acknowledgedAtKill = ledger.acknowledged();
    log(
      `[reliability] engine child killed after ${analyzedAtKill} analyzed; ${beforeKill.length} alerts listed`,
    );

    const second = await EngineChild.start({ dataDir, analyzedFile: secondFile.file });
    children.push(second);
    // What the new process loaded from disk, before it consumes anything.
    const onDisk = (await second.call('alerts:list', { limit: ALERT_LIMIT })).alerts;
    await second.call('engine:start', kafkaStart(options.brokers, topic, groupId));
    const restartedAt = Date.now();

    const produced = await production;
    await waitFor(
      'every acknowledged log analyzed',
      () => {
        secondFile.poll();
        return ledger.pending() === 0;
      },
      300_000,
      200,
    ).catch(() => undefined); // reported below as lost logs
    const caughtUpAt = Date.now();
    const afterCatchUp = (await second.call('alerts:list', { limit: ALERT_LIMIT })).alerts;
    const status = await second.call('engine:status', {});
    await second.close();

    const summary = ledger.summary();
    const byId = (alerts: readonly Alert[]): Map<string, Alert> => new Map(alerts.map((a) => [a.id, a]));
    const diskIds = byId(onDisk);
    const finalIds = byId(afterCatchUp);
    const missingOnDisk = beforeKill.filter((a) => !diskIds.has(a.id));
    const missingAfter = beforeKill.filter((a) => !finalIds.has(a.id));
    const countRolledBack = beforeKill.filter((a) => (finalIds.get(a.id)?.count ?? Infinity) < a.count);
    // Only the killed run's batches can be delivered again: one uncommitted batch per partition.
    const duplicateBound = firstFile.duplicateBound();

    targets.equal('lost logs (acknowledged, never analyzed)', summary.lost, 0);
    targets.check(
      produced.acknowledged === options.logs,
      `only ${produced.acknowledged} of ${options.logs} logs acknowledged`,
    );
    targets.check(
      analyzedAtKill < options.logs,
      'the kill was not mid-stream: everything was analyzed before it',
    );
    targets.equal('alerts listed before the kill and missing after the restart', missingAfter.length, 0);
    targets.check(
      diskIds.get(acked.id)?.status === 'acknowledged',
      `the acknowledged alert was ${diskIds.get(acked.id)?.status ?? 'missing'} on disk after the restart`,
    );
    targets.check(
      finalIds.get(acked.id)?.status === 'acknowledged',
      `the acknowledged alert was ${finalIds.get(acked.id)?.status ?? 'missing'} after catching up`,
    );
    targets.equal('alerts whose count went back', countRolledBack.length, 0);
    targets.atMost('re-analyzed messages (redelivered)', summary.redelivered, duplicateBound);
    targets.equal('analysis errors in the second run', status.stats.errors, 0);
    targets.equal(
      'unreadable lines in the analyzed files',
      firstFile.malformedLines + secondFile.malformedLines,
      0,
    );

    return {
      test: 'reliability-engine-crash',
      figures: {
        logs: options.logs,
        targetPerSecond: options.perSecond,
        produced: produced.acknowledged,
        producedAtKill: acknowledgedAtKill,
        analyzedAtKill,
        analyzedAtLeastOnce: summary.analyzedAtLeastOnce,
        lost: summary.lost,
        lostSample: ledger.lostSample(),
        redelivered: summary.redelivered,
        redeliveredBoundOneBatchPerPartition: duplicateBound,
        producerDuplicates: summary.producerDuplicates,
        alertsBeforeKill: beforeKill.length,
        alertsLoadedFromDiskAtRestart: onDisk.length,
        alertsMissingFromDiskAtRestart: missingOnDisk.length,
        alertsMissingFromDiskTitles: missingOnDisk.map((a) => `${a.trigger}: ${a.title}`).slice(0, 5),
        alertsMissingAfterCatchUp: missingAfter.length,
        alertsAfterCatchUp: afterCatchUp.length,
        acknowledgedAlertAfterRestart: diskIds.get(acked.id)?.status ?? null,
        acknowledgedAlertAfterCatchUp: finalIds.get(acked.id)?.status ?? null,
        alertCountsRolledBack: countRolledBack.length,
        restartToCaughtUpSeconds: seconds(caughtUpAt - restartedAt),
        killToCaughtUpSeconds: seconds(caughtUpAt - killedAt),
      },
      failures: targets.failures,
    };
  } catch (error) {
    const tail = children
      .map((c, i) => `--- engine child ${i + 1} output ---\n${c.output.text(30)}`)
      .join('\n');
    throw new Error(`${(error as Error).message}\n${tail}`, { cause: error });
  } finally {
    stopProducing = true;
    for (const child of children) await child.kill().catch(() => undefined);
    rmSync(workDir, { recursive: true, force: true });
  }
}
