/**
 * The smoke checks against an unpacked installer build (`npm run test:packaged` builds it with
 * `npm run dist -- --dir`, then runs this file). A packaged app has its Node inspector and
 * RunAsNode fuses off, so Playwright cannot drive its main process: the app is started with
 * Chromium's remote debugging port and the window is driven over CDP. The notification check
 * needs the main process and stays with the development-build smoke test (electron.spec.ts).
 * Where no unpacked build or no display exists, every test reports itself skipped with the reason.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, renameSync } from 'node:fs';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import {
  freshUserData,
  fuseTarget,
  ortBinding,
  packagedBinary,
  unpackedResources,
} from './support/electron-app';

const binary = packagedBinary();

/** How a fuse wire stores a fuse (@electron/fuses' FuseState, which its index does not export). */
const FuseState = { DISABLE: 48, ENABLE: 49 } as const;

test.beforeEach(() => {
  if (!binary.path) console.log(`[e2e] skipped: ${binary.reason}`);
  test.skip(!binary.path, binary.reason);
});

interface Running {
  child: ChildProcess;
  browser: Browser;
  page: Page;
  userData: string;
}

async function launch(userData = freshUserData()): Promise<Running> {
  const child = spawn(binary.path!, ['--no-sandbox', '--remote-debugging-port=0'], {
    env: { ...process.env, VIGIL_USER_DATA: userData },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`no DevTools endpoint in 30 s:\n${text}`)), 30_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`the app exited (${code}) before listening:\n${text}`)));
  });
  const browser = await chromium.connectOverCDP(endpoint);
  await expect
    .poll(() => browser.contexts().flatMap((c) => c.pages()).length, { timeout: 30_000 })
    .toBeGreaterThan(0);
  const page = browser.contexts().flatMap((c) => c.pages())[0]!;
  await expect(page.getByTestId('health-banner')).toBeVisible();
  return { child, browser, page, userData };
}

async function stop(running: Running): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => running.child.once('exit', resolve));
  await running.browser.close().catch(() => undefined);
  running.child.kill('SIGTERM');
  return Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), 15_000))]);
}

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

test('the fuses are flipped in the packaged binary', async () => {
  const wire = await getCurrentFuseWire(fuseTarget(binary.path!));
  expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
  expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE);
  expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE);
  expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(FuseState.ENABLE);
  expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE);
  expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
});

test('the packaged engine loads its model, the demo raises an alert the window shows', async () => {
  const running = await launch();
  try {
    const models = await call<{ active: unknown; error: string | null }>(running.page, 'models:status');
    expect(models.active, models.error ?? '').not.toBeNull();
    await call(running.page, 'engine:start', { source: 'demo', demo: { rate: 2000, incidents: true } });
    await running.page.getByTestId('nav-alerts').click();
    await expect(running.page.getByTestId('incident-row').first()).toBeVisible({ timeout: 60_000 });
  } finally {
    await stop(running);
  }
});

test('the packaged window blocks injected inline scripts and gives injected frames no bridge', async () => {
  const running = await launch();
  try {
    const result = await running.page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = '(globalThis).__vigilInjected = true';
      document.head.appendChild(script);
      const frame = document.createElement('iframe');
      frame.srcdoc = '<p>injected</p>';
      document.body.appendChild(frame);
      await new Promise((resolve) => setTimeout(resolve, 500));
      let bridge: string;
      try {
        bridge = typeof (frame.contentWindow as unknown as { vigil?: unknown } | null)?.vigil;
      } catch {
        bridge = 'blocked';
      }
      return { ran: (globalThis as { __vigilInjected?: boolean }).__vigilInjected === true, bridge };
    });
    expect(result.ran).toBe(false);
    expect(['undefined', 'blocked']).toContain(result.bridge);
  } finally {
    await stop(running);
  }
});

test('a second packaged launch hands over to the first and exits; quitting takes under 15 s', async () => {
  const running = await launch();
  const second = spawn(binary.path!, ['--no-sandbox'], {
    env: { ...process.env, VIGIL_USER_DATA: running.userData },
    stdio: 'ignore',
  });
  expect(await new Promise((resolve) => second.once('exit', resolve))).toBe(0);
  await expect(running.page.getByTestId('health-banner')).toBeVisible();
  test.skip(process.platform === 'win32', 'skipped: SIGTERM does not reach a Windows GUI process');
  expect(await stop(running)).not.toBeNull();
});

test("with onnxruntime's binding renamed, the packaged app opens on rules with the reason in health", async () => {
  const binding = ortBinding(unpackedResources(binary.path!));
  test.skip(!existsSync(binding), `no onnxruntime binding at ${binding}`);
  renameSync(binding, `${binding}.hidden`);
  try {
    const running = await launch();
    try {
      const models = await call<{ active: unknown; error: string | null }>(running.page, 'models:status');
      expect(models.active).toBeNull();
      expect(models.error).toMatch(/onnxruntime-node cannot be loaded/);
    } finally {
      await stop(running);
    }
  } finally {
    renameSync(`${binding}.hidden`, binding);
  }
});
