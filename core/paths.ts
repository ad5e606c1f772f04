/**
 * The package root, and where the shipped models are (`VIGIL_MODELS_DIR` overrides it), found from
 * the package root so that they resolve the same from TypeScript sources (tsx), bundles (out/) and
 * tests. Everything a bundle reads at run time (models, demo data, the built UI) is located from
 * `packageRoot`, never from `__dirname`, which is out/cli/ or out/main/ in a bundle.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

function findPackageRoot(start: string): string {
  let dir = start;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'vigil') return dir;
      } catch {
        // not ours; keep walking up
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

export const packageRoot = findPackageRoot(__dirname);
export const defaultModelsDir = (): string => process.env.VIGIL_MODELS_DIR ?? join(packageRoot, 'models');

/**
 * Starts a worker thread from its entry bundled beside the caller's bundle (`dir` is the caller's
 * `__dirname`: out/main or out/cli, where electron.vite.config.ts and build/build-cli.mjs write
 * `bundled`), or from its TypeScript source through tsx (tests, `npm run` scripts). Node 20 does not
 * apply `--import tsx` to a worker's entry, so the source variant registers tsx's CommonJS hook inside
 * the worker before requiring the entry. The engine's worker and the history's thread start here.
 */
export function startWorker(dir: string, bundled: string, source: string, options: WorkerOptions): Worker {
  const entry = join(dir, bundled);
  if (existsSync(entry)) return new Worker(entry, options);
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(join(dir, source))});`, {
    ...options,
    eval: true,
  });
}
