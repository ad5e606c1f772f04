/**
 * Runs electronegativity (Doyensec's Electron security scanner) over electron/ and renderer/
 * together — its global checks (navigation limits, permission handler) only hold across both — and
 * fails on any finding of MEDIUM severity or above that is not justified in place with an
 * `eng-disable` comment. Prints the findings as one JSON line.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'vigil-eneg-'));
const report = join(work, 'report.csv');
try {
  for (const dir of ['electron', 'renderer'])
    cpSync(join(root, dir), join(work, 'src', dir), { recursive: true });
  const electronVersion = (
    JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }
  ).version;
  const run = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/@doyensec/electronegativity/dist/index.js'),
      '-i',
      join(work, 'src'),
      '-e',
      electronVersion,
      '-r',
      '-v',
      'false',
      '-o',
      report,
    ],
    { encoding: 'utf8' },
  );
  let csv: string;
  try {
    csv = readFileSync(report, 'utf8');
  } catch {
    console.error(run.stdout.slice(-2000), run.stderr.slice(-2000));
    throw new Error(`electronegativity wrote no report (exit ${run.status})`);
  }
  const findings = csv
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [issue, severity, confidence, file, location] = line
        .split(',')
        .map((f) => f.replace(/^"|"$/g, ''));
      return { issue, severity, confidence, file, location };
    });
  const blocking = findings.filter(
    (f) => f.severity === 'MEDIUM' || f.severity === 'HIGH' || f.severity === 'CRITICAL',
  );
  console.log(
    JSON.stringify({
      test: 'electronegativity',
      electronVersion,
      findings: findings.length,
      blocking: blocking.length,
      details: findings,
    }),
  );
  if (blocking.length > 0) {
    console.error(
      'electronegativity findings at MEDIUM or above (fix them, or justify in place with // eng-disable CHECK):',
    );
    for (const f of blocking) console.error(`  ${f.severity} ${f.issue} ${f.file}:${f.location}`);
    process.exitCode = 1;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
