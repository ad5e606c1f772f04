/**
 * The console in Debian's Chromium against the real headless host (`npm run serve`) and a real
 * Kafka broker, both started by the global setup: start processing, produce an incident to Kafka,
 * see it in the incident list, its alert under it and the count in the overview, acknowledge it, filter the live log,
 * switch theme. A screenshot of each view is saved as a test artifact (and, with
 * VIGIL_UPDATE_SCREENSHOTS=1, to docs/screenshots for the README).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { Kafka, logLevel } from 'kafkajs';
import { readScreenFacts, SCREENSHOT_DIR, screenFacts, writeScreenFacts } from './support/screenshot-facts';

const url = process.env.VIGIL_E2E_URL!;
const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
const suffix = Date.now().toString(36);
const securityTopic = `e2e-security-${suffix}`;
const logsTopic = `e2e-logs-${suffix}`;
const kafka = new Kafka({ brokers, clientId: 'vigil-e2e', logLevel: logLevel.NOTHING });

/**
 * Saves a screenshot as an artifact; with VIGIL_UPDATE_SCREENSHOTS=1 also to docs/screenshots with
 * the facts it shows. Otherwise the README's picture must still show what the view renders now.
 */
async function snap(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`) });
  const facts = await screenFacts(page);
  if (process.env.VIGIL_UPDATE_SCREENSHOTS === '1') {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
    writeScreenFacts(name, facts);
    return;
  }
  expect(
    facts,
    `docs/screenshots/${name}.png is older than the view it shows: refresh it with VIGIL_UPDATE_SCREENSHOTS=1 npm run test:e2e`,
  ).toEqual(readScreenFacts()[name] ?? ['(no screenshot facts recorded)']);
}

/** An SSH brute-force burst and some ordinary traffic, as a real sshd and app would log them. */
async function produceIncident(round: number): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: securityTopic,
    messages: Array.from({ length: 25 }, (_, i) => ({
      value: `Dec 10 07:${String(10 + (round % 40)).padStart(2, '0')}:${String(i).padStart(2, '0')} bastion sshd[${4000 + i}]: Failed password for invalid user admin from 198.51.100.${i} port ${40000 + i} ssh2`,
    })),
  });
  await producer.send({
    topic: logsTopic,
    messages: Array.from({ length: 40 }, (_, i) => ({
      value: JSON.stringify({
        level: 'info',
        service: 'checkout',
        msg: `order ${round * 100 + i} paid in ${30 + i} ms`,
      }),
    })),
  });
  await producer.disconnect();
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  expect(brokers.length, 'the global setup provides the broker').toBeGreaterThan(0);
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [securityTopic, logsTopic].map((topic) => ({ topic, numPartitions: 1 })),
    waitForLeaders: true,
  });
  await admin.disconnect();
});

test('an incident on Kafka becomes an alert the engineer can acknowledge', async ({ page }) => {
  await page.goto(url);
  // The token moves to session storage and leaves the address bar.
  await expect(page.getByTestId('health-banner')).toBeVisible();
  expect(page.url()).not.toContain('token=');
  await snap(page, 'overview-idle');

  await page.getByTestId('start-button').click();
  // The radio itself is visually hidden behind its segmented-control label.
  await page.getByTestId('start-source-kafka').check({ force: true });
  await page.getByTestId('start-kafka-brokers').fill(brokers.join(','));
  await page.getByTestId('start-kafka-topics').fill(`${securityTopic}, ${logsTopic}`);
  await page.getByTestId('start-submit').click();
  await expect(page.getByTestId('stop-button')).toBeVisible();
  await expect(page.getByTestId('health-banner')).toHaveAttribute('data-running', 'true');

  // The consumer starts at the latest offset once its group has joined: repeat the burst until
  // the engine has seen it (an on-call incident keeps going, too).
  const critical = page.getByTestId('count-level-critical');
  for (let round = 0; round < 30; round++) {
    await produceIncident(round);
    const text = (await critical.textContent({ timeout: 2000 }).catch(() => '0')) ?? '0';
    if (Number(text.replace(/\D/g, '')) > 0) break;
    await page.waitForTimeout(1500);
  }
  await expect(critical).not.toHaveText('0');
  await snap(page, 'overview-running');

  await page.getByTestId('nav-alerts').click();
  // The view leads with incidents: the burst is a critical incident; its alerts show when expanded.
  const incident = page.locator('[data-testid="incident-row"][data-level="critical"]').first();
  await expect(incident).toBeVisible();
  await incident.getByTestId('incident-expand').click();
  const row = page.locator('[data-testid="alert-row"][data-level="critical"]').first();
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute('data-status', 'open');
  await row.click();
  await expect(page.getByTestId('alert-detail')).toContainText('brute-force');
  // The rule that raised it, from the shipped pack, with its advice.
  await expect(page.getByTestId('alert-rule-id')).toHaveText('sshd.brute-force');
  await expect(page.getByTestId('alert-rule-origin')).toContainText('openssh.yaml');
  await expect(page.getByTestId('alert-rule-advice')).toContainText('Block the address');
  await expect(page.getByTestId('alert-sample').first()).toContainText('Failed password');
  await snap(page, 'alerts');
  await page.getByTestId('alert-ack').click();
  const id = await row.getAttribute('data-alert-id');
  await expect(page.locator(`[data-testid="alert-row"][data-alert-id="${id}"]`)).toHaveAttribute(
    'data-status',
    'acknowledged',
  );
});

test('the live log can be filtered by text', async ({ page }) => {
  await page.goto(url);
  await page.getByTestId('nav-logs').click();
  await produceIncident(99);
  const rows = page.getByTestId('log-row');
  await expect(rows.first()).toBeVisible();
  await page.getByTestId('log-search').fill('Failed password');
  await expect(rows.first()).toContainText('Failed password');
  for (const text of await rows.allTextContents()) expect(text).toContain('Failed password');
  await snap(page, 'logs');
});

test('patterns, models and settings views render, and the theme switches', async ({ page }) => {
  await page.goto(url);
  await page.getByTestId('nav-patterns').click();
  await expect(page.getByTestId('pattern-row').first()).toBeVisible();
  await snap(page, 'patterns');
  await page.getByTestId('nav-models').click();
  await expect(page.getByTestId('model-active')).toContainText('vigil-loghub-tfidf');
  await snap(page, 'models');
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('settings-kafka')).toBeVisible();
  await snap(page, 'settings');

  // Settings are stored by the host: a change survives a reload of the page.
  const quiet = page.getByTestId('settings-quiet-enabled');
  const wasQuiet = await quiet.isChecked();
  await quiet.setChecked(!wasQuiet, { force: true });
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('toast-info')).toContainText('Settings saved');
  await page.reload();
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('settings-quiet-enabled')).toBeChecked({ checked: !wasQuiet });

  const html = page.locator('html');
  const before = await html.getAttribute('data-theme');
  await page.getByTestId('theme-toggle').click();
  await expect(html).not.toHaveAttribute('data-theme', before ?? 'dark');
  await page.getByTestId('nav-overview').click();
  await snap(page, 'overview-light');
});
