/**
 * A/B model testing in the console (issue 20), in Debian's Chromium against a real headless host of
 * this test's own, running the demo source, with a user models folder holding a variant of the
 * shipped model (`--user-models`): the engineer chooses the shipped model and the variant in the
 * Models view's registry, starts an experiment, watches the live comparison fill, then marks an
 * alert one of the arms raised as noise; the verdict reaches the engine with the alert's arm.
 */
import { rmSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import type { Alert, Experiment } from '../../core/contract';
import { modelsWithVariants, SHIPPED_MODEL_ID } from '../fixtures/model-variants';
import { hostApi, listAlerts } from './support/host-api';
import { startHost, type HostProcess } from './support/host-process';

let host: HostProcess;
let userModels: string;

test.beforeAll(async () => {
  userModels = modelsWithVariants({ variant: 0.8 });
  host = await startHost(['--demo', '--user-models', userModels]);
});
test.afterAll(async () => {
  await host?.stop();
  rmSync(userModels, { recursive: true, force: true });
});

test('start an experiment from the Models view, see the live comparison, mark an alert as noise', async ({
  page,
}) => {
  await page.goto(host.url);
  await page.getByTestId('nav-models').click();
  const registry = page.getByTestId('model-registry');
  await expect(registry.locator('[data-testid="registry-row"]')).toHaveCount(3);
  await expect(registry).toContainText('user/variant');
  await page.getByTestId(`registry-choose-${SHIPPED_MODEL_ID()}`).check();
  await page.getByTestId('registry-choose-user/variant').check();
  await page.getByTestId('experiment-split').selectOption('template');
  await page.getByTestId('experiment-start').click();

  const panel = page.getByTestId('experiment');
  await expect(panel).toHaveAttribute('data-experiment-state', 'running');
  // The live comparison fills as the demo's logs are decided by both arms.
  const decided = panel.locator('[data-testid="arm-Logs"]');
  await expect(decided).toHaveCount(2);
  // Both arms decide logs (split by template) and the figures refresh while the view is shown.
  await expect
    .poll(
      async () => Math.min(...(await decided.allTextContents()).map((t) => Number(t.replace(/\D/g, '')))),
      { timeout: 60_000 },
    )
    .toBeGreaterThan(0);
  await expect(panel.getByTestId('experiment-decisions')).toContainText('start');

  // An alert raised under the experiment carries its arm.
  let armed: Alert | undefined;
  await expect
    .poll(
      async () => {
        armed = (await listAlerts(host)).find((a) => a.arm != null && a.service !== null);
        return armed !== undefined;
      },
      { timeout: 90_000 },
    )
    .toBe(true);
  const alert = armed!;
  await page.getByTestId('nav-alerts').click();
  await page.getByTestId('alert-mode-alerts').click(); // the alert itself, not its incident
  await page.getByTestId('alert-filter-status').selectOption('all');
  await page.getByTestId('alert-filter-service').fill(alert.service!);
  const apply = page.getByTestId('alert-apply-new');
  if (await apply.isVisible()) await apply.click();
  await page.locator(`[data-testid="alert-row"][data-alert-id="${alert.id}"]`).click();
  await expect(page.getByTestId('alert-arm')).toHaveText(`arm ${alert.arm!}`);
  await page.getByTestId('alert-verdict-noise').click();
  await expect(page.getByTestId('alert-verdict-noise')).toHaveAttribute('aria-pressed', 'true');

  const stored = (await listAlerts(host)).find((a) => a.id === alert.id)!;
  expect(stored.verdict).toMatchObject({ verdict: 'noise', arm: alert.arm });
  const { experiments } = await hostApi<{ experiments: Experiment[] }>(host, '/api/experiments');
  const arm = experiments[0]!.arms.find((a) => a.ref === alert.arm)!;
  expect(arm.verdicts.noise).toBe(1);
  // The comparison in the page shows the verdict too, on its next refresh.
  await page.getByTestId('nav-models').click();
  await expect(page.getByTestId('experiment-comparison')).toContainText('0 / 1');
});
