/**
 * From an alert sample to the logs around it (issue 18), in Debian's Chromium against the real
 * headless host and the real Kafka broker (the global setup's): Loghub's OpenSSH sample (real sshd
 * output) is produced to a one-partition topic, the host analyzes it, and in the Alerts view each
 * sample shows its time and host; "Show surrounding logs" opens the drawer with the offsets around
 * the sample read back from Kafka, the sample's own message highlighted. The Logs view's "Jump to
 * time" reads the same topic at a time (offsets-for-times).
 *
 * Its own host, so that its alerts do not join the feed console.spec.ts checks.
 */
import { expect, test } from '@playwright/test';
import type { Alert } from '../../core/contract';
import { createTopics, uniqueName, withProducer } from '../harness/kafka-fixtures';
import { rawLines } from '../fixtures/loghub';
import { startHost, type HostProcess } from './support/host-process';
import { engineStatus, hostApi, listAlerts } from './support/host-api';

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
const LINES = rawLines('OpenSSH').slice(0, 300);
/**
 * Every line 1 s apart from this time on, as the Kafka timestamp: within the broker's retention
 * (time retention counts from the newest timestamp of a segment), on a whole second.
 */
const T0 = Math.floor((Date.now() - 3_600_000) / 1000) * 1000;

test('an alert sample opens its surrounding logs, and the Logs view jumps to a time on the topic', async ({
  page,
}) => {
  test.setTimeout(180_000);
  expect(brokers.length, 'the global setup provides the broker').toBeGreaterThan(0);
  const topic = uniqueName('e2e-context');
  await createTopics(brokers, [topic], 1);
  await withProducer(brokers, (producer) =>
    producer.send({
      topic,
      messages: LINES.map((value, i) => ({ value, timestamp: String(T0 + i * 1000) })),
    }),
  );

  let host: HostProcess | null = null;
  try {
    host = await startHost();
    await hostApi(host, '/api/ml/real_time', {
      operation: 'start',
      brokers,
      topics: [topic],
      groupId: uniqueName('e2e-context-group'),
      fromBeginning: true,
    });
    await expect
      .poll(async () => (await engineStatus(host!)).stats.processed, { timeout: 60_000 })
      .toBeGreaterThanOrEqual(LINES.length);
    const alerts = await listAlerts(host);
    const alert = alerts.find((a) => (a.sampleRefs?.length ?? 0) > 0) as Alert;
    expect(alert, 'an alert with sample positions').toBeDefined();
    const last = alert.samples.length - 1;
    const ref = alert.sampleRefs![last]!;
    const at = Number(ref.offset);

    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(host.url);
    await page.getByTestId('nav-alerts').click();
    await page.getByTestId('alert-mode-alerts').click(); // the alert itself, not its incident
    await page.locator(`[data-testid="alert-row"][data-alert-id="${alert.id}"]`).click();
    const detail = page.getByTestId('alert-detail');
    await expect(detail.getByTestId('alert-sample-ref')).toHaveCount(alert.samples.length);
    await expect(detail.getByTestId('alert-sample-ref').nth(last)).toContainText(
      `host ${ref.host} · ${topic}[0] @ ${ref.offset}`,
    );

    await detail.getByTestId('alert-sample-context').nth(last).click();
    const drawer = page.getByTestId('context-drawer');
    const anchor = drawer.getByTestId('context-anchor');
    await expect(anchor).toHaveAttribute('data-offset', ref.offset);
    await expect(anchor).toContainText(alert.samples[last]!.slice(0, 60));
    const offsets = await drawer
      .locator('[data-offset]')
      .evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-offset'))));
    const first = Math.max(0, at - 50);
    const end = Math.min(LINES.length - 1, at + 50);
    expect(offsets).toEqual(Array.from({ length: end - first + 1 }, (_, i) => first + i));

    await drawer.getByTestId('context-side').selectOption('20');
    await expect(drawer.locator('[data-offset]')).toHaveCount(
      Math.min(LINES.length - 1, at + 20) - Math.max(0, at - 20) + 1,
    );
    await expect(drawer.getByTestId('context-anchor')).toHaveAttribute('data-offset', ref.offset);
    await page.keyboard.press('Escape');
    await expect(drawer).toHaveCount(0);

    // Time travel: line 120 was stamped T0 + 120 s. The input takes local time, to the second.
    await page.getByTestId('nav-logs').click();
    await page.getByTestId('logs-time-travel').click();
    const travel = page.getByTestId('time-travel');
    await travel.getByTestId('time-travel-topic').fill(topic);
    const local = new Date(T0 + 120_000 - new Date(T0).getTimezoneOffset() * 60_000)
      .toISOString()
      .slice(0, 19);
    await travel.getByTestId('time-travel-at').fill(local);
    await travel.getByTestId('time-travel-go').click();
    const rows = travel.getByTestId('time-travel-logs').locator('[data-offset]');
    await expect(rows).toHaveCount(100);
    await expect(rows.first()).toHaveAttribute('data-offset', '120');
    await expect(rows.first()).toContainText('LabSZ'); // the host every line of the sample names
    await expect(travel.getByTestId('time-travel-starts')).toContainText('partition 0 @ 120');
  } finally {
    await host?.stop();
  }
});
