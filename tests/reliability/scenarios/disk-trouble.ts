/**
 * Scenario 5, disk trouble: the alert-history folder fills up (ENOSPC) mid-stream, then space
 * comes back. The stream keeps raising new alerts all along (every `newAlertEvery`-th log is an
 * error from a service not seen before), so the history must write through all three phases.
 *
 * Targets: processing continues while the disk is full (logs analyzed, alerts created, nothing
 * lost, no crash); health turns degraded with the disk reason, and loses it after recovery; once
 * the disk recovers every alert is on disk — those created after recovery and those created while
 * it was full (rewritten by the history's full-state recovery write).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlertHistory, AlertManager } from '../../../core/alerts';
import type { Alert } from '../../../core/contract';
import { uniqueName } from '../../harness/kafka-fixtures';
import { prepareDiskTrouble } from '../support/disk-trouble';
import { kafkaStart, ledgerRecorder, openEngine } from '../support/engine-under-test';
import { Targets, seconds, type ScenarioResult } from '../support/figures';
import { HealthTimeline, isHistoryReason } from '../support/health-timeline';
import { SeqLedger } from '../support/seq-ledger';
import { sequencedLog } from '../support/sequenced-logs';
import { produceSteadily } from '../support/steady-producer';
import { createTopic } from '../support/topics';
import { sleep, waitFor } from '../support/wait';

export interface DiskTroubleOptions {
  brokers: string[];
  perSecond: number;
  /** How long the disk stays full once health has reported it. */
  fullForMs: number;
  /** New alerts to see after recovery before the stream stops. */
  alertsAfterRecovery: number;
  newAlertEvery?: number;
  /** Size of the tmpfs the history lives on. */
  diskBytes?: number;
  log?: (line: string) => void;
}

/** Upper bound on the stream, so the ledger is bounded; the stream stops earlier. */
const MAX_LOGS = 2_000_000;

function troubleLog(newAlertEvery: number): (seq: number) => string {
  return (seq) =>
    seq % newAlertEvery === 0
      ? `level=error service=store-${seq} msg="write to replica failed: checksum mismatch on block" seq=${seq}`
      : sequencedLog(seq);
}

export async function diskTroubleScenario(options: DiskTroubleOptions): Promise<ScenarioResult> {
  const log = options.log ?? (() => undefined);
  const topic = uniqueName('rel-disk');
  await createTopic(options.brokers, topic, 3);
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-reliability-disk-'));
  const alertsDir = join(dataDir, 'alerts');
  const disk = prepareDiskTrouble(alertsDir, options.diskBytes ?? 16 * 1024 * 1024);
  log(
    `[reliability] alert history on ${disk.mode === 'tmpfs' ? 'a tmpfs of its own' : 'an injected file layer'}`,
  );
  const targets = new Targets();
  const ledger = new SeqLedger(MAX_LOGS);
  let engineClosed = false;
  let stopProducing = false;

  const alertManager = await AlertManager.open(
    { dir: alertsDir, ...(disk.historyFs !== null ? { fs: disk.historyFs } : {}) },
    {},
    Date.now(),
  );
  const engine = await openEngine({ dataDir, alertManager, tickMs: 250, onAnalyzed: ledgerRecorder(ledger) });
  const timeline = new HealthTimeline(() => engine.client.call('engine:status', {}));
  const listAlerts = async (): Promise<Alert[]> =>
    (await engine.client.call('alerts:list', { limit: 5000 })).alerts;

  try {
    await engine.client.call(
      'engine:start',
      kafkaStart(options.brokers, topic, uniqueName('rel-disk-group')),
    );
    timeline.start();
    const production = produceSteadily({
      brokers: options.brokers,
      topic,
      total: MAX_LOGS,
      perSecond: options.perSecond,
      value: troubleLog(options.newAlertEvery ?? 50),
      onAcknowledged: (seqs) => ledger.markAcknowledged(seqs),
      shouldStop: () => stopProducing,
    });

    await waitFor(
      'a few alerts saved before the trouble',
      async () => (await listAlerts()).length >= 5,
      120_000,
      200,
    );
    const fullAt = Date.now();
    disk.fill();
    const analyzedAtFull = ledger.analyzedPositions();
    const alertsAtFull = (await listAlerts()).length;
    await waitFor(
      'health to report the full disk',
      () => timeline.first((s) => s.reasons.some(isHistoryReason), fullAt) !== undefined,
      120_000,
    ).catch(() => undefined); // reported below
    const reported = timeline.first((s) => s.reasons.some(isHistoryReason), fullAt);
    await sleep(options.fullForMs);
    const analyzedWhileFull = ledger.analyzedPositions() - analyzedAtFull;
    const alertsCreatedWhileFull = (await listAlerts()).length - alertsAtFull;
    const failuresWhileFull = alertManager.historyStatus()?.failures ?? 0;

    const freedAt = Date.now();
    disk.free();
    await waitFor(
      'health to drop the disk reason',
      () => {
        const last = timeline.last();
        return last !== undefined && last.at > freedAt && !last.reasons.some(isHistoryReason);
      },
      120_000,
    ).catch(() => undefined); // reported below
    const recovered = timeline.first((s) => !s.reasons.some(isHistoryReason), freedAt);
    const recoveredAt = recovered?.at ?? Date.now();
    await waitFor(
      `${options.alertsAfterRecovery} new alerts after recovery`,
      async () =>
        (await listAlerts()).filter((a) => a.firstSeen > recoveredAt).length >= options.alertsAfterRecovery,
      120_000,
      200,
    ).catch(() => undefined); // reported below
    stopProducing = true;
    const produced = await production;
    await waitFor('every acknowledged log analyzed', () => ledger.pending() === 0, 120_000).catch(
      () => undefined,
    );
    timeline.stop();

    const finalAlerts = await listAlerts();
    const status = await engine.client.call('engine:status', {});
    const historyAtEnd = alertManager.historyStatus();
    await engine.close(); // waits for the last history writes
    engineClosed = true;
    const reloaded = new AlertHistory({ dir: alertsDir });
    const onDisk = new Set((await reloaded.load(Date.now())).map((a) => a.id));
    const createdWhileFull = finalAlerts.filter((a) => a.firstSeen >= fullAt && a.firstSeen < recoveredAt);
    const createdAfter = finalAlerts.filter((a) => a.firstSeen >= recoveredAt);
    const missing = (alerts: readonly Alert[]): number => alerts.filter((a) => !onDisk.has(a.id)).length;
    const summary = ledger.summary();
    const reason = reported?.reasons.find(isHistoryReason) ?? null;

    targets.check(
      reported !== undefined && reported.status !== 'healthy',
      'health never turned degraded with the disk reason',
    );
    targets.check(reason?.includes('ENOSPC') ?? false, `the disk reason does not name the error: ${reason}`);
    targets.check(recovered !== undefined, 'the disk reason never left health after the disk recovered');
    targets.check(analyzedWhileFull > 0, 'no log was analyzed while the disk was full');
    targets.check(alertsCreatedWhileFull > 0, 'no alert was created while the disk was full');
    targets.equal('lost logs (acknowledged, never analyzed)', summary.lost, 0);
    targets.check(status.running, 'the engine stopped');
    targets.equal('analysis errors', status.stats.errors, 0);
    targets.atLeast('alerts created after recovery', createdAfter.length, options.alertsAfterRecovery);
    targets.equal('alerts created after recovery missing on disk', missing(createdAfter), 0);
    targets.equal('alerts created while the disk was full missing on disk', missing(createdWhileFull), 0);
    targets.equal('alerts missing on disk at the end', missing(finalAlerts), 0);

    return {
      test: 'reliability-disk-trouble',
      figures: {
        mode: disk.mode,
        fillerMiB: Math.round((disk.fillerBytes / (1024 * 1024)) * 10) / 10,
        perSecond: options.perSecond,
        produced: produced.acknowledged,
        analyzedAtLeastOnce: summary.analyzedAtLeastOnce,
        lost: summary.lost,
        healthReportedSecondsAfterFull: reported === undefined ? null : seconds(reported.at - fullAt),
        healthWhileFull: reported?.status ?? null,
        reasonWhileFull: reason,
        fullSeconds: seconds(freedAt - fullAt),
        analyzedWhileFull,
        alertsCreatedWhileFull,
        historyWriteFailuresWhileFull: failuresWhileFull,
        recoveredSecondsAfterFree: recovered === undefined ? null : seconds(recovered.at - freedAt),
        alertsCreatedAfterRecovery: createdAfter.length,
        alertsTotal: finalAlerts.length,
        alertsOnDiskAfterClose: onDisk.size,
        missingOnDiskCreatedWhileFull: missing(createdWhileFull),
        missingOnDiskCreatedAfterRecovery: missing(createdAfter),
        historyDegradedAtEnd: historyAtEnd?.degraded ?? null,
        loadProblemsOnReload: reloaded.status().loadProblems,
        healthTimeline: timeline.transitions(fullAt),
      },
      failures: targets.failures,
    };
  } finally {
    stopProducing = true;
    timeline.stop();
    if (!engineClosed) await engine.close();
    disk.release();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
