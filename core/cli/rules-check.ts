/**
 * `npm run rules:check -- [DIR]`: loads a folder of rule files (default: the shipped pack) the way
 * the engine does, prints every refused rule with its file and reason, then runs every rule's
 * examples through the real parser, template miner and rule engine and prints each failure. Exit
 * code 0 when everything loads and every example holds, 1 otherwise, 2 on a usage error.
 */
import { resolve } from 'node:path';
import { checkExamples, defaultRulePackDir, loadRuleDir } from '../rules';

function main(argv: readonly string[]): number {
  if (argv.length > 1 || argv[0] === '--help' || argv[0] === '-h') {
    console.error('Usage: npm run rules:check -- [DIR]   (default: the shipped pack, core/rules/pack)');
    return argv[0] === '--help' || argv[0] === '-h' ? 0 : 2;
  }
  const dir = argv[0] === undefined ? defaultRulePackDir() : resolve(argv[0]);
  const loaded = loadRuleDir(dir, argv[0] === undefined ? 'pack' : 'user');
  for (const r of loaded.refused) console.log(`REFUSED ${r.file} ${r.ruleId ?? '(file)'}: ${r.reason}`);
  const failures = checkExamples(loaded.rules);
  for (const f of failures)
    console.log(`FAILED  ${f.file} ${f.ruleId} ${f.kind} "${f.example.slice(0, 160)}": ${f.problem}`);
  const examples = loaded.rules.reduce(
    (n, r) => n + r.spec.examples.match.length + r.spec.examples.nomatch.length,
    0,
  );
  console.log(
    `${dir}: ${loaded.files.length} files, ${loaded.rules.length} rules loaded, ${loaded.refused.length} refused; ` +
      `${examples} examples, ${failures.length} failed`,
  );
  return loaded.refused.length === 0 && failures.length === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
