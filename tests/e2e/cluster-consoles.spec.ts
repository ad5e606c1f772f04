/**
 * Issue 19 end to end, in Debian's Chromium against four real headless hosts and the real broker
 * (the global setup's): two analyzers and two consoles of one cluster. One console is started from
 * the Start panel's role fields, the other through REST. Logs go to a 6-partition topic with a burst
 * of 600 real OpenSSH "Failed password" lines over all partitions. Both consoles show the one
 * brute-force alert with its count; an acknowledgement made in one browser page shows, with who and
 * when, in the other page and in both analyzers' `GET /api/alerts`; the Overview's fleet table shows
 * the two analyzers up, and one that stops shows as gone.
 *
 * Its own hosts and cluster, so that nothing joins the feeds the other specs check.
 */
import { userInfo } from 'node:os';
import { expect, test, type Page } from '@playwright/test';
import type { Alert, FleetStatus } from '../../core/contract';
import { rawLines } from '../fixtures/loghub';
import { createTopics, uniqueName, withProducer } from '../harness/kafka-fixtures';
import { hostApi, listAlerts } from './support/host-api';
import { startHost, type HostProcess } from './support/host-process';

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
const PARTITIONS = 6;
const BURST = 600;
const CALM_LINES = 3_000;

/** Calm Loghub lines (no login failures) with the burst's failures spread evenly, round-robin over partitions. */
function stream(): Array<{ value: string; partition: number }> {
  const calm = ['Apache', 'HDFS', 'Zookeeper', 'Spark'].flatMap((system) => rawLines(system));
  const failures = rawLines('OpenSSH').filter((line) => line.includes('Failed password'));
  const total = CALM_LINES + BURST;
  const every = Math.floor(total / BURST);
  const out: Array<{ value: string; partition: number }> = [];
  let c = 0;
  let f = 0;
  for (let i = 0; i < total; i++) {
    const failure = i % every === every - 1 && f < BURST;
    const value = failure ? failures[f++ % failures.length]! : calm[c++ % calm.length]!;
    out.push({ value, partition: i % PARTITIONS });
  }
  return out;
}

const bruteForce = (alerts: readonly Alert[]) => alerts.find((a) => a.rule?.id === 'sshd.brute-force');
const fleetOf = (host: HostProcess) => hostApi<FleetStatus>(host, '/api/fleet');

async function openAlert(page: Page, id: string) {
  await page.getByTestId('nav-alerts').click();
  await page.getByTestId('alert-mode-alerts').click(); // the alerts themselves, not their incidents
  return page.locator(`[data-testid="alert-row"][data-alert-id="${id}"]`);
}

test('two browser consoles of one cluster: an acknowledgement in one is seen in the other, with the fleet', async ({
  browser,
}, testInfo) => {
  test.setTimeout(420_000);
  expect(brokers.length, 'the global setup provides the broker').toBeGreaterThan(0);
  const cluster = uniqueName('e2e-team');
  const topic = uniqueName('e2e-cluster-logs');
  await createTopics(brokers, [topic], PARTITIONS);

  const hosts: HostProcess[] = [];
  try {
    hosts.push(...(await Promise.all([startHost(), startHost(), startHost(), startHost()])));
    const [analyzerA, analyzerB, consoleA, consoleB] = hosts as [
      HostProcess,
      HostProcess,
      HostProcess,
      HostProcess,
    ];
    const analyzers = [analyzerA, analyzerB];
    const consoles = [consoleA, consoleB];

    for (const analyzer of analyzers)
      await hostApi(analyzer, '/api/ml/real_time', {
        operation: 'start',
        role: 'analyzer',
        cluster,
        brokers,
        topics: [topic],
        fromBeginning: true,
      });

    // Console A from the Start panel's role fields, in the browser.
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const pageA = await context.newPage();
    const pageB = await context.newPage();
    await pageA.goto(consoleA.url);
    await pageA.getByTestId('start-button').click();
    await pageA.getByTestId('start-source-kafka').check({ force: true });
    await pageA.getByTestId('start-role-console').check({ force: true });
    await expect(pageA.getByTestId('start-kafka-topics')).toHaveCount(0); // a console reads no log topics
    await pageA.getByTestId('start-submit').click();
    await expect(pageA.getByTestId('start-cluster')).toBeVisible();
    await expect(pageA.locator('.field-error')).toContainText('the console role needs a cluster name');
    await pageA.getByTestId('start-cluster').fill(cluster);
    await pageA.getByTestId('start-kafka-brokers').fill(brokers.join(','));
    await pageA.getByTestId('start-submit').click();
    await expect(pageA.getByTestId('stop-button')).toBeVisible({ timeout: 60_000 });
    // Console B through REST.
    await hostApi(consoleB, '/api/ml/real_time', { operation: 'start', role: 'console', cluster, brokers });

    // Both analyzers publish their stats and own the log partitions between them.
    await expect
      .poll(
        async () => {
          const fleet = await fleetOf(consoleB);
          return fleet.role === 'console'
            ? `${fleet.totals.up} up, ${fleet.totals.logPartitionsOwned}/6`
            : 'none';
        },
        { timeout: 90_000 },
      )
      .toBe('2 up, 6/6');

    const logs = stream();
    await withProducer(brokers, (producer) =>
      producer.send({ topic, messages: logs.map(({ value, partition }) => ({ value, partition })) }),
    );

    // Both consoles show the one brute-force alert with the burst's count.
    await expect
      .poll(
        async () =>
          (await Promise.all(consoles.map(async (c) => bruteForce(await listAlerts(c))?.count ?? 0))).join(
            ',',
          ),
        {
          timeout: 120_000,
        },
      )
      .toBe(`${BURST},${BURST}`);
    const alert = bruteForce(await listAlerts(consoleA))!;
    expect(alert).toMatchObject({ level: 'critical', status: 'open' });
    expect(bruteForce(await listAlerts(consoleB))!.id).toBe(alert.id);

    // The same alert, open, in both browser pages.
    await pageB.goto(consoleB.url);
    const rowA = await openAlert(pageA, alert.id);
    const rowB = await openAlert(pageB, alert.id);
    await expect(rowA).toHaveAttribute('data-status', 'open');
    await expect(rowB).toHaveAttribute('data-status', 'open');
    await rowB.click(); // page B shows the detail, with its audit trail, as it changes

    // Acknowledge in page A; page B sees it, with who and when.
    const before = Date.now();
    await rowA.click();
    await pageA.getByTestId('alert-ack').click();
    await expect(rowB).toHaveAttribute('data-status', 'acknowledged', { timeout: 10_000 });
    const seenAfter = Date.now() - before;
    const entry = pageB.getByTestId('alert-detail').locator('[data-testid="audit-entry"][data-action="ack"]');
    await expect(entry).toHaveCount(1);
    await expect(entry.getByTestId('audit-who')).toHaveText(userInfo().username);
    const when = Date.parse((await entry.getByTestId('audit-when').getAttribute('datetime')) ?? '');
    expect(when).toBeGreaterThanOrEqual(before - 1000);
    expect(when).toBeLessThanOrEqual(Date.now());
    console.log(`[cluster-consoles] acknowledgement in page A seen in page B after ${seenAfter} ms`);

    // ... and in both analyzers' REST alerts, with the same who.
    for (const analyzer of analyzers)
      await expect
        .poll(async () => {
          const seen = bruteForce(await listAlerts(analyzer));
          return `${seen?.status} by ${seen?.audit?.find((a) => a.action === 'ack')?.who}`;
        })
        .toBe(`acknowledged by ${userInfo().username}`);

    // The Overview's fleet: both analyzers up, with their partitions.
    await pageA.getByTestId('nav-overview').click();
    const fleet = pageA.getByTestId('fleet-panel');
    await expect(fleet.locator('[data-testid^="fleet-row-"]')).toHaveCount(2);
    await expect(fleet.locator('[data-testid^="fleet-state-"]')).toHaveText(['up', 'up']);
    await expect(pageA.getByTestId('fleet-totals')).toContainText('2 up');
    await expect(pageA.getByTestId('fleet-totals')).toContainText('log partitions 6/6 owned');

    // An analyzer that stops is shown gone, its partitions move to the other.
    const status = await hostApi<{ cluster?: { analyzerId: string | null } }>(analyzerB, '/api/ml/real_time');
    const stoppedId = status.cluster?.analyzerId;
    expect(stoppedId, 'the analyzer reports its id').toBeTruthy();
    await hostApi(analyzerB, '/api/ml/real_time', { operation: 'stop' });
    await expect(fleet.getByTestId(`fleet-state-${stoppedId}`)).toHaveText('gone', { timeout: 15_000 });
    await expect(pageA.getByTestId('fleet-totals')).toContainText('log partitions 6/6 owned', {
      timeout: 60_000,
    });
    // For the reader of the report: the fleet as the engineer sees it (test-results/e2e/…/fleet.png).
    const shot = testInfo.outputPath('fleet.png');
    await fleet.screenshot({ path: shot });
    await testInfo.attach('fleet', { path: shot, contentType: 'image/png' });
    await context.close();
  } finally {
    await Promise.all(hosts.map((h) => h.stop()));
  }
});
