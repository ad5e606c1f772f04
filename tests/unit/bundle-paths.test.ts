/**
 * core/ is bundled into out/cli (the `vigil` command) and out/main (the desktop engine worker), where
 * `__dirname` is the bundle's folder, not the source file's. So core locates what it reads at run time
 * (models, demo data, the console, any data file) from `packageRoot` (core/paths.ts), never from its
 * own folder. This test names the few files allowed to use `__dirname` or `import.meta`, and why.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = join(__dirname, '..', '..');

const ALLOWED: Readonly<Record<string, string>> = {
  'core/paths.ts': 'finds the package root by walking up from wherever it runs',
  'core/engine/worker-client.ts': 'looks for engine-worker.js beside its own bundle, by design',
  'core/history/thread-client.ts': 'looks for history-thread.js beside its own bundle, by design',
  'core/ingest/demo-data/extract.ts': 'a tsx script that writes next to itself; never bundled',
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) ? [relative(REPO, path).split('\\').join('/')] : [];
  });
}

describe('core/ in a bundle', () => {
  it('locates run-time files from the package root, not from __dirname', () => {
    const using = sources(join(REPO, 'core')).filter((file) =>
      /__dirname|import\.meta\.(url|dirname|filename)/.test(readFileSync(join(REPO, file), 'utf8')),
    );
    expect(using.length).toBeGreaterThan(0); // the scan reads the sources (paths.ts is among them)
    expect(
      using.filter((file) => !(file in ALLOWED)),
      'use packageRoot from core/paths.ts instead (see this test)',
    ).toEqual([]);
  });
});
