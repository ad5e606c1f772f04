/**
 * From a pattern to its history, in Debian's Chromium against the real headless host and broker:
 * the OpenSSH sample of Loghub is produced to a fresh topic and consumed from its beginning; the
 * Patterns view finds the "Failed password for invalid user" template by text and service, and its
 * "history" opens the stored logs of that template (every row of that template) with the per-minute
 * histogram; after a reload, the Logs view shows the same search again.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { Kafka, logLevel } from 'kafkajs';

const url = process.env.VIGIL_E2E_URL!;
const token = process.env.VIGIL_E2E_TOKEN!;
const origin = process.env.VIGIL_E2E_ORIGIN!;
const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
const topic = `e2e-history-${Date.now().toString(36)}`;
const TEXT = 'Failed password for invalid user';

async function api(path: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

test.beforeAll(async () => {
  expect(brokers.length, 'the global setup provides the broker').toBeGreaterThan(0);
  const lines = readFileSync(join(__dirname, '../../data/loghub/OpenSSH/OpenSSH_2k.log'), 'utf8')
    .split(/\r?\n/)
    .filter((line) => line !== '');
  const kafka = new Kafka({ brokers, clientId: 'vigil-e2e-history', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: lines.map((value) => ({ value })) });
  await producer.disconnect();
  // Whatever an earlier test left running, consume this topic from its beginning.
  await api('/api/ml/real_time', { operation: 'stop' });
  const started = await api('/api/ml/real_time', {
    operation: 'start',
    brokers,
    topics: [topic],
    groupId: `${topic}-group`,
    fromBeginning: true,
  });
  expect(started.status).toBe(200);
  await expect
    .poll(
      async () => {
        const res = await api('/api/logs/query', { from: 0, to: Date.now() + 60_000, text: TEXT, limit: 1 });
        return (res.body as { total?: number }).total ?? 0;
      },
      { timeout: 60_000 },
    )
    .toBeGreaterThan(0);
});

test.afterAll(async () => {
  await api('/api/ml/real_time', { operation: 'stop' });
});

test('from a pattern to its stored logs, and the search survives a reload', async ({ page }) => {
  await page.goto(url);
  await page.getByTestId('nav-patterns').click();
  await page.getByTestId('pattern-search').fill(TEXT);
  await page.getByTestId('pattern-service').fill('sshd');
  const row = page.getByTestId('pattern-row').first();
  await expect(row).toContainText(TEXT);
  const templateId = (await row.getAttribute('data-template-id'))!;
  await row.click();
  await expect(page.getByTestId('pattern-detail')).toContainText('sshd');
  await page.getByTestId('pattern-show-history').click();

  const rows = page.getByTestId('history-row');
  await expect(rows.first()).toBeVisible();
  await expect(page.getByTestId('history-template')).toHaveValue(templateId);
  await expect(page.getByTestId('history-histogram')).toBeVisible();
  await expect(page.getByTestId('history-counts')).toContainText('stored logs match');
  for (const text of await rows.allTextContents()) expect(text).toContain(TEXT);
  for (const id of await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-template-id'))))
    expect(id).toBe(templateId);

  await page.reload();
  await page.getByTestId('nav-logs').click();
  await expect(page.getByTestId('history-template')).toHaveValue(templateId);
  await expect(page.getByTestId('history-row').first()).toContainText(TEXT);
});
