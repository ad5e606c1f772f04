/**
 * `npm run sigma:report`: loads every SigmaHQ rule in data/sigma, writes docs/sigma-rules.md, and
 * copies the rules that load, unchanged, into core/rules/sigma/rules/ (the shipped set), removing
 * any that no longer load. The licence files and README there are kept.
 */
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { loadSigmaDir, shippedSigmaDir } from '../../core/rules/sigma/load';
import { sigmaReport } from '../../core/rules/sigma/report';

const root = join(__dirname, '../..');
export const sigmaSourceDir = join(root, 'data', 'sigma', 'rules');
export const sigmaReportPath = join(root, 'docs', 'sigma-rules.md');

/** The `.yml` files below `dir`, as sorted forward-slash paths relative to it. */
export function ymlFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string): void => {
    for (const name of readdirSync(current)) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.yml')) out.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

function main(): void {
  const result = loadSigmaDir(sigmaSourceDir);
  writeFileSync(sigmaReportPath, sigmaReport(result));
  const shipped = shippedSigmaDir();
  const keep = new Set(result.rules.map((r) => r.file));
  for (const file of ymlFiles(shipped)) if (!keep.has(file)) rmSync(join(shipped, file));
  for (const file of keep) {
    mkdirSync(dirname(join(shipped, file)), { recursive: true });
    copyFileSync(join(sigmaSourceDir, file), join(shipped, file));
  }
  console.log(
    `sigma: ${result.rules.length} loaded and shipped, ${result.refused.length} refused; wrote ${relative(root, sigmaReportPath)}`,
  );
}

if (require.main === module) main();
