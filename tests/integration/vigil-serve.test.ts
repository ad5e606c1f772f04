/**
 * `vigil serve` (and `npm run serve`, which runs it) in a checkout where nothing is built: the
 * launcher builds the command (out/cli) and the console (out/renderer) first, so the first request
 * gets the console, not the 503 "console not built" page. The checkout is a scratch folder that
 * links to this repository's node_modules, models and data, with an empty out/; the launcher, the
 * build script and the sources are copied, because their own folder decides where they build (and
 * so that a test can touch a source without touching this repository). A second start finds
 * everything up to date and builds nothing; a source newer than its build is rebuilt.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '../harness/kafka-fixtures';

const REPO = join(__dirname, '..', '..');
const COPIED = new Set(['build', 'renderer', 'core', 'electron.vite.config.ts']);
const SKIPPED = new Set([
  '.git',
  'out',
  'dist',
  'test-results',
  'playwright-report',
  '.cache',
  '.vigil-data',
]);
const TOKEN = `serve-it-${Date.now().toString(36)}-0123456789abcdef`;

const scratch = mkdtempSync(join(tmpdir(), 'vigil-serve-'));
const checkout = join(scratch, 'vigil');
const dataDir = join(scratch, 'data');
cpSync(REPO, checkout, {
  recursive: true,
  filter: (src) => src === REPO || COPIED.has(src.slice(REPO.length + 1).split('/')[0]!),
});
for (const entry of readdirSync(REPO)) {
  if (!COPIED.has(entry) && !SKIPPED.has(entry)) symlinkSync(join(REPO, entry), join(checkout, entry));
}
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Served {
  child: ChildProcessWithoutNullStreams;
  origin: string;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

async function serve(): Promise<Served> {
  const child = spawn(
    process.execPath,
    [join(checkout, 'core', 'cli', 'launcher.cjs'), 'serve', '--port', '0', '--data-dir', dataDir],
    { cwd: scratch, env: { ...process.env, VIGIL_TOKEN: TOKEN }, stdio: 'pipe' },
  );
  let stdout = '';
  let stderr = '';
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  try {
    await eventually('the console URL line', () => /Vigil console: (\S+)/.test(stdout), 240_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}\nstderr: ${stderr.slice(-2000)}`);
  }
  const origin = new URL(/Vigil console: (\S+)/.exec(stdout)![1]!).origin;
  return { child, origin, stdout: () => stdout, stderr: () => stderr, exit };
}

async function stop(served: Served): Promise<number | null> {
  served.child.kill('SIGTERM');
  return served.exit;
}

describe('vigil serve in a checkout with nothing built', () => {
  it('builds the command and the console first, then serves the console and the API', async () => {
    expect(existsSync(join(checkout, 'out'))).toBe(false);
    const served = await serve();
    try {
      expect(served.stderr()).toContain('vigil: out/cli is not built; building it');
      expect(served.stderr()).toContain('vigil: the console (out/renderer) is not built; building it');
      // Build output went to stderr: stdout has the console line only.
      expect(served.stdout()).toMatch(/^Vigil console: http:\/\/127\.0\.0\.1:\d+\/\?token=\S+\n$/);
      expect(existsSync(join(checkout, 'out', 'cli', 'vigil.js'))).toBe(true);

      const page = await fetch(`${served.origin}/`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).not.toContain('not built');
      // The built page (relative asset paths, as electron-vite writes them), and its script is served.
      const script = /<script type="module"[^>]+src="\.?(\/assets\/index-[\w-]+\.js)"/.exec(html)?.[1];
      expect(script, html).toBeDefined();
      expect((await fetch(served.origin + script!)).status).toBe(200);

      const health = await fetch(`${served.origin}/api/health`, {
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: expect.any(String), running: false });
    } finally {
      expect(await stop(served)).toBe(0);
    }
  }, 300_000);

  it('builds nothing on the next start when the builds are up to date', async () => {
    const served = await serve();
    try {
      expect(served.stderr()).not.toContain('building');
      expect((await fetch(`${served.origin}/`)).status).toBe(200);
    } finally {
      expect(await stop(served)).toBe(0);
    }
  }, 120_000);

  it('rebuilds the command when one of its sources is newer than the build', () => {
    const vigil = () =>
      spawnSync(process.execPath, [join(checkout, 'core', 'cli', 'launcher.cjs'), '--version'], {
        encoding: 'utf8',
      });
    // Edited now, after the build of the first test.
    const now = new Date();
    utimesSync(join(checkout, 'core', 'cli', 'summary', 'format-text.ts'), now, now);
    const stale = vigil();
    expect(stale.status, stale.stderr).toBe(0);
    expect(stale.stderr).toContain(
      'core/cli/summary/format-text.ts changed since out/cli was built; building it',
    );
    expect(stale.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const fresh = vigil();
    expect(fresh.stderr).toBe('');
  }, 60_000);
});
