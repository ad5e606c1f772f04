/**
 * From a pattern to its history, in Debian's Chromium against the real headless host and broker:
 * the OpenSSH sample of Loghub is produced to a fresh topic and consumed from its beginning; the
 * Patterns view finds the "Failed password for invalid user" template by text and service, and its
 * "history" opens the stored logs of that template (every row of that template) with the per-minute
 * histogram; after a reload, the Logs view shows the same search again. And from an alert to its
 * pattern (issue 18, item 4): the brute-force alert's detail names the templates of its evidence;
 * "Open pattern" opens the Patterns view on that pattern (selected, its detail open), which lists the
 * alert (a click leads back to it) and opens the pattern's stored logs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Locator } from '@playwright/test';
import { Kafka, logLevel } from 'kafkajs';
import type { Alert, PatternPage } from '../../core/contract';

const url = process.env.VIGIL_E2E_URL!;
const token = process.env.VIGIL_E2E_TOKEN!;
const origin = process.env.VIGIL_E2E_ORIGIN!;
const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
const topic = `e2e-history-${Date.now().toString(36)}`;
const TEXT = 'Failed password for invalid user';
/** A search window's end past any log's time (2100-01-01). */
const FAR = Date.UTC(2100, 0, 1);

async function api(path: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

async function apiGet<T>(path: string): Promise<T> {
  const res = await fetch(`${origin}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

/**
 * Every stored row shown is a log of the pattern: its template id is the pattern's, or one the miner
 * has since merged into it (a log keeps the id it was mined with; the engine names the survivor).
 */
async function expectRowsOf(rows: Locator, templateId: string): Promise<void> {
  const ids = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-template-id')!));
  expect(ids.length).toBeGreaterThan(0);
  for (const id of new Set(ids)) {
    const { patterns } = await apiGet<PatternPage>(`/api/patterns?templateId=${encodeURIComponent(id)}`);
    expect(
      patterns.map((p) => p.templateId),
      `the pattern of ${id}`,
    ).toEqual([templateId]);
  }
}

test.beforeAll(async () => {
  expect(brokers.length, 'the global setup provides the broker').toBeGreaterThan(0);
  const lines = readFileSync(join(__dirname, '../../data/loghub/OpenSSH/OpenSSH_2k.log'), 'utf8')
    .split(/\r?\n/)
    .filter((line) => line !== '');
  // Every log stored so far (earlier specs'), to wait below for all of this topic's to be stored too.
  const storedTotal = async (): Promise<number> => {
    const res = await api('/api/logs/query', { from: 0, to: FAR, limit: 1 });
    return (res.body as { total?: number }).total ?? 0;
  };
  const before = await storedTotal();
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
  // All of them: the history loads what is staged in steps (a row group, or what waited 3 s), and a
  // view searches once when it opens, so a test that looked before the last step would miss logs.
  await expect.poll(storedTotal, { timeout: 60_000 }).toBeGreaterThanOrEqual(before + lines.length);
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
  await expectRowsOf(rows, templateId);

  await page.reload();
  await page.getByTestId('nav-logs').click();
  await expect(page.getByTestId('history-template')).toHaveValue(templateId);
  await expect(page.getByTestId('history-row').first()).toContainText(TEXT);
});

test('from an alert to its pattern, which lists the alert and opens its stored logs', async ({ page }) => {
  const { alerts } = await apiGet<{ alerts: Alert[] }>('/api/alerts?limit=5000');
  const alert = alerts.find((a) => a.topic === topic && a.title.startsWith('Possible brute-force'));
  expect(alert, 'the OpenSSH sample raises the brute-force alert').toBeDefined();
  // A rule alert: its evidence spans several templates ("for root", "for invalid user ...").
  const templates = alert!.templates ?? [];
  expect(templates.length).toBeGreaterThanOrEqual(2);
  const first = templates[0]!.value;
  const { patterns } = await apiGet<PatternPage>(`/api/patterns?templateId=${encodeURIComponent(first)}`);
  const pattern = patterns[0]!;

  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(url);
  await page.getByTestId('nav-alerts').click();
  await page.getByTestId('alert-mode-alerts').click(); // the alert itself, not its incident
  await page.locator(`[data-testid="alert-row"][data-alert-id="${alert!.id}"]`).click();
  const detail = page.getByTestId('alert-detail');
  const shown = detail.getByTestId('alert-pattern');
  await expect(shown).toHaveCount(Math.min(5, templates.filter((t) => t.value !== '(other)').length));
  await expect(shown.first()).toHaveAttribute('data-template-id', first);
  await expect(shown.first()).toContainText(pattern.template);
  await shown.first().getByTestId('alert-open-pattern').click();

  const info = page.getByTestId('pattern-detail');
  await expect(info).toHaveAttribute('data-template-id', pattern.templateId);
  await expect(info).toContainText(pattern.template);
  await expect(
    page.locator(`[data-testid="pattern-row"][data-template-id="${pattern.templateId}"]`),
  ).toHaveAttribute('aria-selected', 'true');
  const listed = info.locator(`[data-testid="pattern-alert"][data-alert-id="${alert!.id}"]`);
  await expect(listed).toContainText(alert!.title);

  await info.getByTestId('pattern-show-history').click();
  await expect(page.getByTestId('history-template')).toHaveValue(pattern.templateId);
  const rows = page.getByTestId('history-row');
  await expect(rows.first()).toBeVisible();
  await expectRowsOf(rows, pattern.templateId);

  // Back to the pattern (still selected), and from its alert list to the alert.
  await page.getByTestId('nav-patterns').click();
  await page.getByTestId('pattern-detail').locator(`[data-alert-id="${alert!.id}"]`).click();
  await expect(page.getByTestId('alert-detail')).toHaveAttribute('data-alert-id', alert!.id);
});
