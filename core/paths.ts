/**
 * The package root, and where the shipped models are (`VIGIL_MODELS_DIR` overrides it), found from
 * the package root so that they resolve the same from TypeScript sources (tsx), bundles (out/) and
 * tests. Everything a bundle reads at run time (models, demo data, the built UI) is located from
 * `packageRoot`, never from `__dirname`, which is out/cli/ or out/main/ in a bundle.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

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
