/**
 * `npm test` step: `npm audit --omit=dev` over the dependencies that ship. Fails on a high or
 * critical advisory unless docs/security.md explains it; prints one JSON line of figures. When the
 * registry's advisory endpoint cannot be reached (this build machine's proxy answers 405), it says
 * so and exits 77, which the test runner counts as skipped with that reason — never as passed.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditVerdict, explainedInDoc } from './audit-verdict';

export const EXIT_SKIPPED = 77;

const root = join(__dirname, '../..');
const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], {
  cwd: root,
  encoding: 'utf8',
  timeout: 120_000,
  env: { ...process.env, npm_config_fund: 'false' },
});
const explained = explainedInDoc(readFileSync(join(root, 'docs/security.md'), 'utf8'));
const verdict = auditVerdict(run.stdout ?? '', explained);

console.log(JSON.stringify({ test: 'dependency-audit', scope: 'dependencies (--omit=dev)', ...verdict }));
if (verdict.kind === 'unavailable') {
  console.log(`[audit] skipped: ${verdict.reason}`);
  process.exit(EXIT_SKIPPED);
}
if (verdict.kind === 'fail') {
  console.error(
    `[audit] high or critical advisories not explained in docs/security.md: ${verdict.unexplained.join(', ')}`,
  );
  process.exit(1);
}
console.log(
  `[audit] no unexplained high or critical advisory (${verdict.counts.high} high, ${verdict.counts.critical} critical, ${verdict.counts.moderate} moderate)`,
);
