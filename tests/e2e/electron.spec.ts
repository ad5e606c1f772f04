/**
 * Smoke test of the real desktop app (the development build in out/, run by node_modules' Electron
 * binary), driven by Playwright's Electron support. It needs the binary and, on Linux, a display
 * (or `xvfb-run -a npx playwright test --project electron`); where either is missing every test
 * reports itself skipped with the reason. See the README ("Smoke tests of the desktop app").
 */
import { spawn } from 'node:child_process';
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { electronBinary, freshUserData, ortBinding, ROOT } from './support/electron-app';

const binary = electronBinary();
const builtMain = join(ROOT, 'out/main/index.js');

test.beforeEach(() => {
  if (!binary.path) console.log(`[e2e] skipped: ${binary.reason}`);
  test.skip(!binary.path, binary.reason);
  expect(existsSync(builtMain), 'run npm run build first').toBe(true);
});

async function launch(
  userData = freshUserData(),
): Promise<{ app: ElectronApplication; page: Page; userData: string }> {
  const app = await electron.launch({
    executablePath: binary.path!,
    args: [ROOT, '--no-sandbox'],
    env: { ...process.env, VIGIL_USER_DATA: userData },
  });
  const page = await app.firstWindow();
  await expect(page.getByTestId('health-banner')).toBeVisible();
  return { app, page, userData };
}

/** window.vigil.call from the page, as the console itself calls it. */
function call<T>(page: Page, name: string, request: unknown = {}): Promise<T> {
  return page.evaluate(
    ([n, r]) =>
      (globalThis as unknown as { vigil: { call(n: string, r: unknown): Promise<unknown> } }).vigil.call(
        n,
        r,
      ),
    [name, request] as const,
  ) as Promise<T>;
}

interface ModelStatusAnswer {
  active: { id: string } | null;
  error: string | null;
}
interface StatusAnswer {
  running: boolean;
  health: { status: string; reasons: string[] };
}

test('the engine reports a loaded model, not rules only', async () => {
  const { app, page } = await launch();
  try {
    const models = await call<ModelStatusAnswer>(page, 'models:status');
    expect(models.active, models.error ?? '').not.toBeNull();
    const status = await call<StatusAnswer>(page, 'engine:status');
    expect(status.health.reasons.join(' ')).not.toContain('keyword rules');
  } finally {
    await app.close();
  }
});

test('the demo source raises an alert that the window shows, and only the contract API is exposed', async () => {
  const { app, page } = await launch();
  try {
    const exposure = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      vigil: Object.keys((globalThis as unknown as { vigil: object }).vigil).sort(),
    }));
    expect(exposure).toEqual({
      require: 'undefined',
      process: 'undefined',
      vigil: ['call', 'onEvents', 'onNavigate'],
    });
    await call(page, 'engine:start', { source: 'demo', demo: { rate: 2000, incidents: true } });
    await page.getByTestId('nav-alerts').click();
    await expect(page.getByTestId('incident-row').first()).toBeVisible({ timeout: 60_000 });
  } finally {
    await app.close();
  }
});

test('the preload bridge is not reachable from an injected frame', async () => {
  const { app, page } = await launch();
  try {
    const fromFrame = await page.evaluate(async () => {
      const frame = document.createElement('iframe');
      frame.srcdoc = '<p>injected</p>';
      document.body.appendChild(frame);
      await new Promise((resolve) => setTimeout(resolve, 500));
      try {
        const bridge = (frame.contentWindow as unknown as { vigil?: unknown } | null)?.vigil;
        return typeof bridge;
      } catch (error) {
        return `blocked: ${(error as Error).name}`;
      }
    });
    // Either the CSP (frame-src falls back to default-src 'none') blocks the frame, or it has no bridge.
    expect(fromFrame === 'undefined' || fromFrame.startsWith('blocked')).toBe(true);
  } finally {
    await app.close();
  }
});

test('an inline script injected into the page is blocked by the enforced policy', async () => {
  const { app, page } = await launch();
  try {
    const result = await page.evaluate(async () => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
      const script = document.createElement('script');
      script.textContent = '(globalThis).__vigilInjected = true';
      document.head.appendChild(script);
      await new Promise((resolve) => setTimeout(resolve, 200));
      return { ran: (globalThis as { __vigilInjected?: boolean }).__vigilInjected === true, violations };
    });
    expect(result.ran).toBe(false);
    expect(result.violations.some((d) => d.startsWith('script-src'))).toBe(true);
  } finally {
    await app.close();
  }
});

test('a critical alert shows a notification whose click opens that alert', async () => {
  test.setTimeout(180_000);
  const { app, page } = await launch();
  try {
    // Record the notifications main shows (the OS may not display them under xvfb).
    await app.evaluate(({ Notification }) => {
      const g = globalThis as unknown as { __shown: Array<{ title: string; n: unknown }> };
      g.__shown = [];
      const proto = Notification.prototype;
      const show = Reflect.get<typeof proto, 'show'>(proto, 'show');
      proto.show = function (this: Electron.Notification) {
        g.__shown.push({ title: this.title, n: this });
        Reflect.apply(show, this, []);
      };
    });
    await call(page, 'engine:start', { source: 'demo', demo: { rate: 2000, incidents: true } });
    // The engine's group wait (30 s) runs before the first notification of an alert.
    await expect
      .poll(() => app.evaluate(() => (globalThis as unknown as { __shown: unknown[] }).__shown.length), {
        timeout: 120_000,
      })
      .toBeGreaterThan(0);
    const title = await app.evaluate(() => {
      const g = globalThis as unknown as { __shown: Array<{ title: string; n: { emit(e: string): void } }> };
      const last = g.__shown.at(-1)!;
      last.n.emit('click');
      return last.title;
    });
    expect(title).toMatch(/^(CRITICAL|HIGH) · /);
    await expect(page.getByTestId('alert-detail')).toContainText(title.replace(/^\w+ · /, '').slice(0, 40));
  } finally {
    await app.close();
  }
});

test("quitting (what the tray's Quit does) exits within 15 s", async () => {
  const { app, page } = await launch();
  await call(page, 'engine:start', { source: 'demo', demo: { rate: 2000, incidents: true } });
  const exited = new Promise<number | null>((resolve) => app.process().once('exit', (code) => resolve(code)));
  const started = Date.now();
  await app.evaluate(({ app: electronApp }) => electronApp.quit());
  const code = await Promise.race([
    exited,
    new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 15_000)),
  ]);
  expect(code, `still running after ${Date.now() - started} ms`).toBe(0);
});

test('a second launch focuses the existing window and exits', async () => {
  const { app, userData } = await launch();
  try {
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.hide());
    const second = spawn(binary.path!, [ROOT, '--no-sandbox'], {
      env: { ...process.env, VIGIL_USER_DATA: userData },
      stdio: 'ignore',
    });
    const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
    expect(code).toBe(0);
    await expect
      .poll(() =>
        app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => w.isVisible())),
      )
      .toEqual([true]);
  } finally {
    await app.close();
  }
});

test("with onnxruntime's binding renamed, the app still opens, on rules with the reason in health", async () => {
  const binding = ortBinding(ROOT);
  test.skip(!existsSync(binding), `skipped: no onnxruntime binding at ${binding}`);
  renameSync(binding, `${binding}.hidden`);
  try {
    const { app, page } = await launch();
    try {
      const models = await call<ModelStatusAnswer>(page, 'models:status');
      expect(models.active).toBeNull();
      expect(models.error).toMatch(/onnxruntime-node cannot be loaded/);
      await expect
        .poll(async () => (await call<StatusAnswer>(page, 'engine:status')).health.reasons.join(' '))
        .toMatch(/model unavailable .*onnxruntime-node cannot be loaded.*keyword rules/);
    } finally {
      await app.close();
    }
  } finally {
    renameSync(`${binding}.hidden`, binding);
  }
});
