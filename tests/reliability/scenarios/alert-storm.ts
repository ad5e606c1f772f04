/**
 * Scenario 4, alert storm: `logs` error logs of 50 templates (one service each) produced through
 * the broker within `seconds`, to an engine with the default alert rules and notification policy.
 *
 * Targets: alerts are grouped (the log-rule alerts are about one per template, and every storm log
 * is counted into one of them); notifications stay within the policy's cap (5 in any minute); a
 * listener gets at most MAX_BATCHES_PER_SECOND event batches per second.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlertManager, DEFAULT_NOTIFICATION_POLICY } from '../../../core/alerts';
import { MAX_BATCHES_PER_SECOND, type Alert } from '../../../core/contract';
import { uniqueName } from '../../harness/kafka-fixtures';
import { kafkaStart, openEngine } from '../support/engine-under-test';
import { EventRecorder, maxInWindow } from '../support/event-recorder';
import { Targets, seconds, type ScenarioResult } from '../support/figures';
import { produceSteadily } from '../support/steady-producer';
import { STORM_TEMPLATES, stormLog } from '../support/storm-templates';
import { createTopic } from '../support/topics';
import { waitFor } from '../support/wait';

export interface AlertStormOptions {
  brokers: string[];
  logs: number;
  seconds: number;
  log?: (line: string) => void;
}

/**
 * Notifications are timed by the policy at the engine tick and reach listeners in the next event
 * batch (within one event interval, 250 ms); windows are measured on batch times, so they are
 * shortened by that much to not count one notification's delivery delay as a policy breach.
 */
const DELIVERY_SLACK_MS = 250;

/** Log-rule alerts carry the template they group; detector alerts are anomalies or carry none. */
const fromLogRule = (a: Alert): boolean => a.trigger !== 'anomaly' && a.templateId !== null;

export async function alertStormScenario(options: AlertStormOptions): Promise<ScenarioResult> {
  const topic = uniqueName('rel-storm');
  await createTopic(options.brokers, topic, 3);
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-reliability-storm-'));
  // The engine's own manager, built as the engine builds it, kept to read the policy's queue.
  const alertManager = await AlertManager.open({ dir: join(dataDir, 'alerts') }, {}, Date.now());
  const engine = await openEngine({ dataDir, alertManager, onAnalyzed: () => undefined });
  const events = new EventRecorder();
  const unsubscribe = engine.client.onEvents(events.listener);
  const targets = new Targets();
  const processed = async (): Promise<number> => {
    const s = (await engine.client.call('engine:status', {})).stats;
    return s.processed + s.errors;
  };

  try {
    await engine.client.call(
      'engine:start',
      kafkaStart(options.brokers, topic, uniqueName('rel-storm-group')),
    );
    const stormStart = Date.now();
    const produced = await produceSteadily({
      brokers: options.brokers,
      topic,
      total: options.logs,
      perSecond: options.logs / options.seconds,
      value: stormLog,
      maxBatch: 5000,
    });
    await waitFor(
      'every storm log analyzed',
      async () => (await processed()) >= produced.acknowledged,
      300_000,
      100,
    );
    const analyzedAt = Date.now();
    // Every alert's notification decided (sent or suppressed): the group wait is over.
    await waitFor(
      'the notification policy to decide on every alert',
      () => alertManager.policy.stats().pending === 0,
      DEFAULT_NOTIFICATION_POLICY.groupWaitMs + 120_000,
      100,
    );
    // The decisions of that tick go out in the next event batch.
    const batchesSoFar = events.arrivals.length;
    await waitFor('the next event batch', () => events.arrivals.length > batchesSoFar + 1, 30_000, 50);
    const stormEnd = Date.now();

    const alerts = (await engine.client.call('alerts:list', { limit: 5000 })).alerts;
    const logRuleAlerts = alerts.filter(fromLogRule);
    const occurrences = logRuleAlerts.reduce((sum, a) => sum + a.count, 0);
    const templates = new Set(logRuleAlerts.map((a) => a.templateId)).size;
    const services = new Set(logRuleAlerts.map((a) => a.service)).size;
    const arrivals = events.arrivals.filter((t) => t >= stormStart && t <= stormEnd);
    const maxBatchesPerSecond = maxInWindow(
      arrivals,
      (t) => t,
      () => 1,
      1000,
    );
    const maxNotifiedPerMinute = maxInWindow(
      events.notifications,
      (n) => n.at,
      (n) => n.alerts,
      60_000 - DELIVERY_SLACK_MS,
    );
    const maxPerMinute = DEFAULT_NOTIFICATION_POLICY.maxPerMinute;
    const byLevel: Record<string, number> = {};
    for (const a of alerts) byLevel[a.level] = (byLevel[a.level] ?? 0) + 1;

    targets.equal('storm logs acknowledged', produced.acknowledged, options.logs);
    targets.equal('storm logs counted into log-rule alerts', occurrences, options.logs);
    targets.check(
      logRuleAlerts.length >= STORM_TEMPLATES && logRuleAlerts.length <= 2 * STORM_TEMPLATES,
      `${logRuleAlerts.length} log-rule alerts for ${STORM_TEMPLATES} templates: not grouped per template`,
    );
    targets.atMost('all alerts (log rules and detectors)', alerts.length, 3 * STORM_TEMPLATES);
    targets.atMost('notifications in any minute', maxNotifiedPerMinute, maxPerMinute);
    targets.atMost('event batches in any second', maxBatchesPerSecond, MAX_BATCHES_PER_SECOND);
    targets.check(events.notified() > 0, 'no notification at all: the storm should notify up to the cap');

    return {
      test: 'reliability-alert-storm',
      figures: {
        logs: options.logs,
        templates: STORM_TEMPLATES,
        targetSeconds: options.seconds,
        produceSeconds: seconds(produced.elapsedMs),
        producedPerSecond: produced.perSecond,
        analyzedSeconds: seconds(analyzedAt - stormStart),
        alertsTotal: alerts.length,
        alertsFromLogRules: logRuleAlerts.length,
        alertsFromDetectors: alerts.length - logRuleAlerts.length,
        alertsByLevel: byLevel,
        templatesWithAlerts: templates,
        servicesWithAlerts: services,
        occurrencesInLogRuleAlerts: occurrences,
        notifications: events.notified(),
        notificationsSuppressed: events.suppressed(),
        maxNotificationsPerMinute: maxNotifiedPerMinute,
        targetNotificationsPerMinute: maxPerMinute,
        eventBatches: arrivals.length,
        eventBatchesPerSecondMax: maxBatchesPerSecond,
        targetEventBatchesPerSecond: MAX_BATCHES_PER_SECOND,
        alertUpsertsDelivered: events.alertUpserts,
        observedSeconds: seconds(stormEnd - stormStart),
      },
      failures: targets.failures,
    };
  } finally {
    unsubscribe();
    await engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
