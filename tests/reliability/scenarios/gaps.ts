/**
 * Gaps in a steady stream, against a real broker: (1) the engine is stopped and started while the
 * producers go on, (2) the broker is killed for 15 s and restarted, the producers buffering and
 * resending. Neither may raise a volume alert (rate spike, error spike, lag growth) by itself.
 *
 * The stream: five services on five hosts logging ECS JSON (the shape Log4j 2's EcsLayout
 * writes) with their own `@timestamp`, the time each log was due, so a resend after an outage
 * keeps its time as a real shipper's buffer does. Once the stream is steady again a real spike
 * follows (one template of one service at ten times its rate): it must raise exactly that volume
 * alert, which shows the baselines were warm and judging, not blinded by the gap.
 *
 * Used by tests/integration/gaps.test.ts (short volume intervals) and `npm run bench -- gaps`
 * (the default intervals).
 */
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import type { Alert } from '../../../core/contract';
import type { DetectorOptions, DetectorStats } from '../../../core/detect';
import { startKafka, type KafkaHandle } from '../../harness/kafka';
import { uniqueName } from '../../harness/kafka-fixtures';
import { Targets, seconds, type ScenarioResult } from '../support/figures';
import { kafkaStart, openEngine, type EngineUnderTest } from '../support/engine-under-test';
import { produceSteadily } from '../support/steady-producer';
import { createTopic } from '../support/topics';
import { sleep, waitFor } from '../support/wait';

export type GapKind = 'stop-start' | 'broker-outage';

export interface GapScenarioOptions {
  kind: GapKind;
  /** Logs per second, all services together. */
  perSecond: number;
  /** Volume interval of the detectors (default 10 s, the engine's). */
  intervalMs?: number;
  /** Steady traffic before the gap: at least the baselines' warm-up (6 intervals) and some. */
  beforeMs: number;
  /** How long the engine is stopped, or the broker down. */
  gapMs: number;
  /** Steady traffic after the engine (or broker) is back, before the real spike. */
  afterMs: number;
  /** A running broker to use for the stop/start (the outage always starts its own, it kills it). */
  brokers?: string[];
  log?: (line: string) => void;
}

const SERVICES = ['checkout', 'auth', 'payments', 'search', 'inventory'] as const;
const MESSAGES: ReadonlyArray<(seq: number) => string> = [
  (seq) => `order placed items=${(seq % 7) + 1} duration_ms=${seq % 89}`,
  (seq) => `session refreshed for user u${seq % 500}`,
  (seq) => `GET /api/items/${seq % 1000} 200`,
  (seq) => `evicted ${seq % 31} entries from region r${seq % 5}`,
];
/** The spike: one of the steady templates (its baseline is warm) in one service, at ten times its rate. */
const SPIKE_SERVICE = 'payments';
const spikeMessage = MESSAGES[0]!;

function ecsLine(time: number, service: string, level: string, message: string): string {
  return JSON.stringify({
    '@timestamp': new Date(time).toISOString(),
    'log.level': level,
    'service.name': service,
    'host.name': `${service}-1`,
    message,
  });
}

/** The steady stream's log `seq`, stamped with the time it was due. */
function steadyLine(startedAt: number, perSecond: number): (seq: number) => string {
  return (seq) => {
    const service = SERVICES[seq % SERVICES.length]!;
    const level = seq % 97 === 96 ? 'error' : 'info';
    const message =
      level === 'error'
        ? `upstream request timed out after ${3000 + (seq % 100)} ms`
        : MESSAGES[Math.floor(seq / SERVICES.length) % MESSAGES.length]!(seq);
    return ecsLine(startedAt + Math.floor((seq * 1000) / perSecond), service, level, message);
  };
}

/** Volume alerts: what the rate, error and lag detectors raise. */
const VOLUME_RULES = new Set([
  'builtin.signal.rate_spike',
  'builtin.signal.error_spike',
  'builtin.signal.lag_growth',
]);
const isVolume = (a: Alert): boolean => VOLUME_RULES.has(a.rule?.id ?? '');

async function sendSpike(
  brokers: string[],
  topic: string,
  perSecond: number,
  durationMs: number,
): Promise<number> {
  const producer = new Kafka({ brokers, clientId: 'vigil-gap-spike', logLevel: logLevel.NOTHING }).producer({
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  let sent = 0;
  try {
    const until = Date.now() + durationMs;
    while (Date.now() < until) {
      const n = Math.round(perSecond / 10);
      const now = Date.now();
      const messages = Array.from({ length: n }, (_, i) => ({
        value: ecsLine(now, SPIKE_SERVICE, 'info', spikeMessage(sent + i)),
      }));
      await producer.send({ topic, acks: -1, messages });
      sent += n;
      await sleep(100);
    }
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
  return sent;
}

export async function gapScenario(options: GapScenarioOptions): Promise<ScenarioResult> {
  const log = options.log ?? (() => undefined);
  const intervalMs = options.intervalMs ?? 10_000;
  const detectors: Partial<DetectorOptions> = {
    rateSpike: { template: { intervalMs }, serviceErrors: { intervalMs } },
    gaps: { settleMs: intervalMs },
  };
  const outage = options.kind === 'broker-outage';
  const kafka: KafkaHandle | null =
    outage || options.brokers === undefined ? await startKafka({ ignoreExternal: outage, log }) : null;
  const brokers = kafka?.brokers ?? options.brokers!;
  const topic = uniqueName(`gaps-${options.kind}`);
  await createTopic(brokers, topic, 3);
  const engine: EngineUnderTest = await openEngine({ onAnalyzed: () => undefined, tickMs: 250, detectors });
  const targets = new Targets();
  const start = kafkaStart(brokers, topic, uniqueName('gaps-group'));
  let stopProducing = false;
  try {
    await engine.client.call('engine:start', start);
    const startedAt = Date.now();
    const steadyMs = options.beforeMs + options.gapMs + options.afterMs + 60_000;
    const production = produceSteadily({
      brokers: brokers,
      topic,
      total: Math.ceil((steadyMs / 1000) * options.perSecond),
      perSecond: options.perSecond,
      value: steadyLine(startedAt, options.perSecond),
      shouldStop: () => stopProducing,
    });

    await sleep(options.beforeMs);
    const gapAt = Date.now();
    if (outage && kafka !== null) {
      await kafka.kill();
      log(`[gaps] broker killed; down for ${options.gapMs} ms`);
      await sleep(options.gapMs);
      await kafka.restart();
    } else {
      await engine.client.call('engine:stop', {});
      log(`[gaps] engine stopped for ${options.gapMs} ms`);
      await sleep(options.gapMs);
      await engine.client.call('engine:start', start);
    }
    const backAt = Date.now();
    log(`[gaps] back after ${backAt - gapAt} ms`);
    await sleep(options.afterMs);
    const gapAlerts = (await engine.client.call('alerts:list', {})).alerts.filter(isVolume);

    // A real spike once steady: it must fire, and be the only volume alert.
    const spikeAt = Date.now();
    // The steady rate of one template in one service is perSecond / 20.
    const spikeLogs = await sendSpike(brokers, topic, (options.perSecond / 20) * 10, 3 * intervalMs);
    await waitFor(
      'the spike alert',
      async () => (await engine.client.call('alerts:list', {})).alerts.some(isVolume),
      4 * intervalMs + 30_000,
    ).catch(() => undefined); // reported below
    stopProducing = true;
    const produced = await production;
    const alerts = (await engine.client.call('alerts:list', {})).alerts.filter(isVolume);
    const spikeAlerts = alerts.filter((a) => a.firstSeen >= spikeAt);
    const stats: DetectorStats = engine.client.engine.detectorStats();
    const status = await engine.client.call('engine:status', {});

    targets.equal(`volume alerts caused by the ${options.kind} alone`, gapAlerts.length, 0);
    targets.check(
      spikeAlerts.length >= 1 && spikeAlerts.every((a) => a.service === SPIKE_SERVICE),
      `the real spike after the gap raised ${spikeAlerts.length} volume alerts (${spikeAlerts.map((a) => a.title).join('; ')})`,
    );
    targets.check(
      stats.gaps.opened >= 2,
      `only ${stats.gaps.opened} gaps seen (the start, and the ${options.kind})`,
    );

    return {
      test: `gaps-${options.kind}`,
      figures: {
        volumeAlertsCausedByGap: gapAlerts.length,
        volumeAlertTitlesCausedByGap: gapAlerts.map((a) => a.title),
        realSpikeAlerts: spikeAlerts.length,
        realSpikeAlertTitles: spikeAlerts.map((a) => a.title),
        spikeLogs,
        produced: produced.acknowledged,
        producerFailedSends: produced.failedSends,
        gapSeconds: seconds(backAt - gapAt),
        intervalSeconds: intervalMs / 1000,
        gapsOpened: stats.gaps.opened,
        gapOpenAtEnd: stats.gaps.open,
        consumerLagAtEnd: status.stats.consumerLag,
        healthAtEnd: status.health,
        spikeKeys: stats.spikeKeys,
        spikesSuppressedInGaps: stats.spikesSuppressedInGaps,
        lateLogs: stats.spikeLateEvents,
        staleLogs: stats.spikeStaleEvents,
      },
      failures: targets.failures,
    };
  } finally {
    stopProducing = true;
    await engine.close();
    await kafka?.stop();
  }
}
