/**
 * The `vigil` command (compiled to out/cli/vigil.js, declared as `bin` in package.json):
 *   vigil serve [options]          the headless host (core/host/main.ts)
 *   vigil analyze FILE|- [options] offline analysis of a log file (core/cli/analyze.ts)
 *   vigil --help | --version
 * A subcommand's module reads its own options from process.argv, so the subcommand's name is taken
 * out of argv before the module is loaded (each module is also an entry point of its own under tsx).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../paths';

export const VIGIL_USAGE = `Usage: vigil <command> [options]
  vigil serve [--port N] [--demo] [--data-dir DIR]   the console and its REST API on 127.0.0.1
  vigil analyze FILE|- [--summary] [--json] [--out FILE]   offline analysis of a log file
  vigil <command> --help   the options of a command
  vigil --version          the version of Vigil
Standard output carries only results; progress and warnings go to standard error.`;

function version(): string {
  try {
    return (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return 'unknown';
  }
}

async function run(argv: readonly string[]): Promise<void> {
  const command = argv[0];
  if (command === 'serve' || command === 'analyze') {
    process.argv.splice(2, 1);
    if (command === 'serve') await import('../host/main');
    else await import('./analyze');
    return;
  }
  if (command === '--version' || command === '-v') {
    console.log(version());
    return;
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    console.log(VIGIL_USAGE);
    return;
  }
  console.error(`vigil: unknown command "${command}"\n${VIGIL_USAGE}`);
  process.exitCode = 2;
}

run(process.argv.slice(2)).catch((err: unknown) => {
  console.error(`vigil: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
