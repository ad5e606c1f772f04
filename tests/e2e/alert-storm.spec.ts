/**
 * Alert storm in the console (issue #6): 100,000 error logs of 50 templates produced through the
 * real Kafka broker (the global setup's) in about 10 s, to a real headless host of this test's own,
 * while Debian's Chromium shows the Alerts view. Measured in the page, from before the first storm
 * log until the page shows every alert the engine holds:
 *   - long tasks (PerformanceObserver 'longtask', registered before any page script runs);
 *   - WebSocket messages reaching the page per second (max over any sliding second, and mean);
 *   - alerts the page keeps and shows, against the engine's own list.
 * Prints one JSON line of figures and fails when one misses its target (see TARGETS and
 * docs/reliability.md, "Alert storm in the console (renderer)"). The engine-side figures of the same storm
 * (notifications per minute over the policy's 30 s group wait, every log counted into an alert)
 * are tests/integration/reliability-alert-storm.test.ts's.
 *
 * Its own host, not the global setup's: the storm's 50 alerts (10 of them critical) would
 * otherwise be in the feed console.spec.ts expects its brute-force alert to lead.
 */
import { loadavg } from 'node:os';
import { expect, test, type Page } from '@playwright/test';
import { MAX_BATCHES_PER_SECOND } from '../../core/contract';
import { uniqueName } from '../harness/kafka-fixtures';
import { produceSteadily } from '../reliability/support/steady-producer';
import { STORM_TEMPLATES, stormLog } from '../reliability/support/storm-templates';
import { createTopic } from '../reliability/support/topics';
import { startHost, type HostProcess } from './support/host-process';
import { engineStatus, hostApi, listAlerts } from './support/host-api';
import { installLongTaskProbe, pageNow, readLongTasks } from './support/long-task-probe';
import { maxInAnyWindow, WsFrameMeter } from './support/ws-frame-meter';

const STORM_LOGS = 100_000;
const STORM_SECONDS = 10;
const PARTITIONS = 3;

/**
 * Targets. Long tasks are bounded, not zero: this 2-core machine is shared, and Chromium, the host,
 * the broker and the producer all run on it during the storm, so a task can be stretched by waiting
 * for a core. The bounds were set from measured runs (docs/reliability.md) with room for that, and
 * are still far below what a page re-rendering per log or per alert upsert produces.
 */
const TARGETS = {
  messagesPerSecond: MAX_BATCHES_PER_SECOND,
  /** Log-rule alerts are one per template; detectors may add some. The reliability scenario's bound. */
  maxAlerts: 3 * STORM_TEMPLATES,
  longTasksOver50ms: 5,
  longestTaskMs: 400,
} as const;

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);

/** "12 shown · 50 kept" in the Alerts view's header. */
async function alertCounts(page: Page): Promise<{ shown: number; kept: number }> {
  const text = (await page.getByTestId('alert-count').textContent()) ?? '';
  const match = /(\d+) shown · (\d+) kept/.exec(text);
  if (!match) throw new Error(`unexpected alert count text "${text}"`);
  return { shown: Number(match[1]), kept: Number(match[2]) };
}

const round = (n: number, digits = 1): number => Number(n.toFixed(digits));

test('a storm of 100,000 error logs keeps the Alerts view responsive and its alerts grouped', async ({
  page,
}) => {
  test.setTimeout(180_000);
  expect(brokers.length, 'the global setup provides the broker').toBeGreaterThan(0);
  const topic = uniqueName('e2e-storm');
  await createTopic(brokers, topic, PARTITIONS);

  let host: HostProcess | null = null;
  try {
    host = await startHost();
    // From the beginning of a fresh topic: no race between the group joining and the first log.
    await hostApi(host, '/api/ml/real_time', {
      operation: 'start',
      brokers,
      topics: [topic],
      groupId: uniqueName('e2e-storm-group'),
      fromBeginning: true,
    });

    const frames = new WsFrameMeter();
    frames.attach(page);
    await installLongTaskProbe(page);
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(host.url);
    await expect(page.getByTestId('health-banner')).toHaveAttribute('data-running', 'true');
    await page.getByTestId('nav-alerts').click();
    await expect(page.getByTestId('alert-count')).toHaveText(/0 shown · 0 kept/);
    // Let the initial sync (status, alerts, patterns, models) settle before the window opens.
    await page.waitForTimeout(1500);

    const pageStart = await pageNow(page);
    const stormStart = Date.now();
    const produced = await produceSteadily({
      brokers,
      topic,
      total: STORM_LOGS,
      perSecond: STORM_LOGS / STORM_SECONDS,
      value: stormLog,
      maxBatch: 5000,
      deadlineMs: 60_000,
    });
    expect(produced.acknowledged, 'every storm log acknowledged by the broker').toBe(STORM_LOGS);

    // Hang guards, not timed assertions: how long these took is reported as a figure.
    await expect
      .poll(
        async () => {
          const { stats } = await engineStatus(host!);
          return stats.processed + stats.errors;
        },
        { timeout: 90_000, intervals: [250] },
      )
      .toBeGreaterThanOrEqual(STORM_LOGS);
    const analyzedAt = Date.now();
    let engineAlerts = 0;
    await expect
      .poll(
        async () => {
          engineAlerts = (await listAlerts(host!)).length;
          return (await alertCounts(page)).kept === engineAlerts;
        },
        { timeout: 30_000, intervals: [250] },
      )
      .toBe(true);
    const shownAt = Date.now();
    // One more second in the window: the render that showed the last alert reports its long task
    // to the observer a little after the fact.
    await page.waitForTimeout(1000);
    const stormEnd = Date.now();

    const longTasks = await readLongTasks(page, pageStart);
    const messages = frames.between(stormStart, stormEnd);
    const batches = messages.filter((m) => m.kind === 'events');
    const seconds = (stormEnd - stormStart) / 1000;
    const counts = await alertCounts(page);
    const figures = {
      test: 'alert-storm-renderer',
      logs: STORM_LOGS,
      templates: STORM_TEMPLATES,
      produceSeconds: round(produced.elapsedMs / 1000),
      analyzedSeconds: round((analyzedAt - stormStart) / 1000),
      shownSeconds: round((shownAt - stormStart) / 1000),
      seconds: round(seconds),
      engineAlerts,
      alertsKept: counts.kept,
      alertsShown: counts.shown,
      alertRowsInDom: await page.getByTestId('alert-row').count(),
      alertUpsertsReceived: batches.reduce((sum, m) => sum + m.alertUpserts, 0),
      // Expected 0: the policy's 30 s group wait outlasts the window (see the header comment).
      notificationsInWindow: batches.reduce((sum, m) => sum + m.notified, 0),
      longTasks: longTasks.tasks.length,
      longestTaskMs: round(Math.max(0, ...longTasks.tasks.map((t) => t.duration))),
      longTaskMsTotal: round(longTasks.tasks.reduce((sum, t) => sum + t.duration, 0)),
      /** When each (of the first ten) started, seconds after the first storm log: to tell the first
       * render of the list from work during the storm or after it. */
      longTaskStartsSeconds: longTasks.tasks.slice(0, 10).map((t) => round((t.start - pageStart) / 1000)),
      wsMessages: messages.length,
      wsMessagesPerSecondMax: maxInAnyWindow(messages, 1000),
      wsMessagesPerSecondMean: round(messages.length / seconds),
      eventBatchesPerSecondMax: maxInAnyWindow(batches, 1000),
      loadAverage1m: round(loadavg()[0] ?? 0, 2),
      targets: TARGETS,
    };
    console.log(JSON.stringify(figures));

    expect(longTasks.installed, 'the long-task observer ran in the page').toBe(true);
    expect(longTasks.overflow, 'long tasks beyond the probe cap').toBe(0);
    expect(counts.kept, 'the page keeps every alert the engine holds').toBe(engineAlerts);
    expect(engineAlerts, 'at least one alert per storm template').toBeGreaterThanOrEqual(STORM_TEMPLATES);
    expect(engineAlerts, 'alerts grouped, not one per log').toBeLessThanOrEqual(TARGETS.maxAlerts);
    expect(figures.wsMessagesPerSecondMax, 'WebSocket messages in any second').toBeLessThanOrEqual(
      TARGETS.messagesPerSecond,
    );
    expect(figures.longTasks, 'long tasks (over 50 ms) during the storm').toBeLessThanOrEqual(
      TARGETS.longTasksOver50ms,
    );
    expect(figures.longestTaskMs, 'longest task during the storm (ms)').toBeLessThanOrEqual(
      TARGETS.longestTaskMs,
    );
  } finally {
    if (host !== null) {
      await hostApi(host, '/api/ml/real_time', { operation: 'stop' }).catch(() => undefined);
      await host.stop();
    }
  }
});
