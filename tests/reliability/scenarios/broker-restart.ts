/**
 * Scenario 1, broker restart under load. While `logs` sequenced logs are produced at a steady
 * rate, the Kafka broker is killed (SIGKILL: a crash, the harsher kind of stop) for `outageMs`,
 * then started again on the same ports and data. The producer buffers and resends through the
 * outage; only acknowledged sends count as produced.
 *
 * Targets: every acknowledged log analyzed at least once (0 lost, checked by seq); health shows
 * the outage (not healthy, with a reason about the log source naming the broker) and loses that
 * reason once the broker is back. Figures: duplicates (redelivered positions, producer resends),
 * time from the broker's return to caught up, and the health transitions.
 */
import { startKafka } from '../../harness/kafka';
import { uniqueName } from '../../harness/kafka-fixtures';
import { Targets, seconds, type ScenarioResult } from '../support/figures';
import { HealthTimeline, isSourceReason } from '../support/health-timeline';
import { kafkaStart, ledgerRecorder, openEngine } from '../support/engine-under-test';
import { SeqLedger } from '../support/seq-ledger';
import { sequencedLog } from '../support/sequenced-logs';
import { produceSteadily } from '../support/steady-producer';
import { createTopic } from '../support/topics';
import { sleep, waitFor } from '../support/wait';

export interface BrokerRestartOptions {
  logs: number;
  perSecond: number;
  /** How long the broker stays down (between the kill and the restart). */
  outageMs: number;
  /** How far into production the broker is killed. */
  outageAfterMs: number;
  partitions?: number;
  log?: (line: string) => void;
}

export async function brokerRestartScenario(options: BrokerRestartOptions): Promise<ScenarioResult> {
  const log = options.log ?? (() => undefined);
  const kafka = await startKafka({ ignoreExternal: true, log });
  const broker = kafka.brokers[0]!;
  const topic = uniqueName('rel-restart');
  await createTopic(kafka.brokers, topic, options.partitions ?? 3);

  const ledger = new SeqLedger(options.logs);
  const engine = await openEngine({ onAnalyzed: ledgerRecorder(ledger), tickMs: 250 });
  const timeline = new HealthTimeline(() => engine.client.call('engine:status', {}));
  const targets = new Targets();
  try {
    await engine.client.call(
      'engine:start',
      kafkaStart(kafka.brokers, topic, uniqueName('rel-restart-group')),
    );
    timeline.start();

    const productionStartedAt = Date.now();
    const production = produceSteadily({
      brokers: kafka.brokers,
      topic,
      total: options.logs,
      perSecond: options.perSecond,
      value: sequencedLog,
      onAcknowledged: (seqs) => ledger.markAcknowledged(seqs),
    });

    await sleep(options.outageAfterMs);
    const killedAt = Date.now();
    await kafka.kill();
    log(`[reliability] broker ${broker} killed; down for ${options.outageMs} ms`);
    await sleep(options.outageMs);
    const restartAt = Date.now();
    await kafka.restart();
    const backAt = Date.now();
    log(`[reliability] broker back after ${backAt - killedAt} ms (restart took ${backAt - restartAt} ms)`);

    // Caught up: the producer has sent what it buffered during the outage (it is back on its
    // schedule, within one second), and the analysis backlog is down to one second of production.
    let caughtUpAt: number | null = null;
    const checkCaughtUp = (): void => {
      const now = Date.now();
      const due = Math.min(options.logs, ((now - productionStartedAt) / 1000) * options.perSecond);
      const producerOnSchedule = ledger.acknowledged() >= due - options.perSecond;
      if (caughtUpAt === null && producerOnSchedule && ledger.pending() <= options.perSecond)
        caughtUpAt = now;
    };
    const watchCatchUp = setInterval(checkCaughtUp, 50);
    const produced = await production;
    await waitFor('every acknowledged log analyzed', () => ledger.pending() === 0, 300_000).catch(
      () => undefined, // reported below as lost logs
    );
    clearInterval(watchCatchUp);
    checkCaughtUp();
    const drainedAt = Date.now();
    await waitFor(
      'the source reasons gone from health',
      () => {
        const last = timeline.last();
        return last !== undefined && last.at > drainedAt && !last.reasons.some(isSourceReason);
      },
      120_000,
    ).catch(() => undefined); // reported below
    timeline.stop();

    const summary = ledger.summary();
    const outageSample = timeline.first(
      (s) => s.status !== 'healthy' && s.reasons.some((r) => isSourceReason(r) && r.includes('broker')),
      killedAt,
    );
    const outageReason = outageSample?.reasons.find(isSourceReason) ?? null;
    const sourceRecovered = timeline.first((s) => !s.reasons.some(isSourceReason), backAt);
    const after = timeline.last();
    const status = await engine.client.call('engine:status', {});

    targets.equal('lost logs (acknowledged, never analyzed)', summary.lost, 0);
    targets.check(
      produced.acknowledged === options.logs,
      `only ${produced.acknowledged} of ${options.logs} logs acknowledged (producer gave up: ${produced.gaveUp})`,
    );
    targets.check(
      outageSample !== undefined,
      'health never showed the outage with a reason about the log source and the broker',
    );
    targets.check(
      after !== undefined && !after.reasons.some(isSourceReason),
      `health still has a log source reason after recovery: ${JSON.stringify(after?.reasons ?? null)}`,
    );
    targets.check(status.running, 'the engine is not running after the outage');
    targets.equal('analysis errors', status.stats.errors, 0);

    return {
      test: 'reliability-broker-restart',
      figures: {
        logs: options.logs,
        targetPerSecond: options.perSecond,
        producedPerSecondOverall: produced.perSecond,
        brokerDownSeconds: seconds(restartAt - killedAt),
        outageSeconds: seconds(backAt - killedAt),
        produced: produced.acknowledged,
        producerFailedSends: produced.failedSends,
        producerLongestStallSeconds: seconds(produced.longestStallMs),
        analyzedAtLeastOnce: summary.analyzedAtLeastOnce,
        lost: summary.lost,
        lostSample: ledger.lostSample(),
        redelivered: summary.redelivered,
        producerDuplicates: summary.producerDuplicates,
        analyzedUnacknowledged: summary.analyzedUnacknowledged,
        sourceRecoveredSecondsAfterBrokerReturn:
          sourceRecovered === undefined ? null : seconds(sourceRecovered.at - backAt),
        caughtUpSecondsAfterBrokerReturn:
          caughtUpAt === null ? null : seconds(Math.max(0, caughtUpAt - backAt)),
        drainedSecondsAfterBrokerReturn: seconds(drainedAt - backAt),
        outageReportedSecondsAfterKill:
          outageSample === undefined ? null : seconds(outageSample.at - killedAt),
        outageHealth: outageSample?.status ?? null,
        outageReason,
        healthAfter: after?.status ?? null,
        healthReasonsAfter: after?.reasons ?? [],
        healthTimeline: timeline.transitions(killedAt),
      },
      failures: targets.failures,
    };
  } finally {
    timeline.stop();
    await engine.close();
    await kafka.stop();
  }
}
