/**
 * Command-line options of `vigil analyze`. Strict: an unknown flag or a bad value is a usage error
 * with a message, never ignored.
 */
import { resolve } from 'node:path';
import { LIMITS } from '../contract';

export const ANALYZE_USAGE = `Usage: vigil analyze FILE|- [options]      (from a checkout: npm run --silent analyze -- FILE)
  FILE            a log file, one log per line (LF or CRLF); "-" reads stdin
  --summary       after the file, print an incident summary instead of the per-line results:
                  the alerts the engine would have raised, the top templates by count and by
                  severity, and the errors per minute of log time
  --json          the summary as one JSON document (with --summary)
  --out FILE      write the summary to FILE; the per-line results then still go to stdout
  --batch N       logs per engine call (default 1000, at most ${LIMITS.analyzeMaxLogs})
  --models-dir D  ONNX models to use (default: the engine's own)
  --quiet         no progress on stderr
Writes one JSON object per non-blank input line to stdout, in input order (or the summary).
Progress, warnings and the final count go to stderr, so stdout pipes into jq.`;

export interface AnalyzeArgs {
  input: string;
  batch: number;
  modelsDir: string | null;
  quiet: boolean;
  summary: 'text' | 'json' | null;
  /** Where the summary goes; null: stdout (instead of the per-line results). */
  out: string | null;
}

export class UsageError extends Error {}

export function parseAnalyzeArgs(argv: readonly string[], cwd: string): AnalyzeArgs | 'help' {
  let input: string | null = null;
  let batch = 1000;
  let modelsDir: string | null = null;
  let quiet = false;
  let summary = false;
  let json = false;
  let out: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--quiet') quiet = true;
    else if (arg === '--summary') summary = true;
    else if (arg === '--json') json = true;
    else if (arg === '--batch') {
      const raw = argv[++i] ?? '';
      batch = Number(raw);
      if (!Number.isInteger(batch) || batch < 1 || batch > LIMITS.analyzeMaxLogs) {
        throw new UsageError(`--batch expects 1-${LIMITS.analyzeMaxLogs}, got "${raw}"`);
      }
    } else if (arg === '--models-dir' || arg === '--out') {
      const raw = argv[++i];
      if (raw === undefined || raw === '') throw new UsageError(`${arg} expects a path`);
      if (arg === '--out') out = resolve(cwd, raw);
      else modelsDir = resolve(cwd, raw);
    } else if (arg.startsWith('--')) throw new UsageError(`unknown option "${arg}"`);
    else if (input !== null) throw new UsageError(`one input only (got "${input}" and "${arg}")`);
    else input = arg;
  }
  if (input === null) throw new UsageError('no input file (use "-" for stdin)');
  if (!summary && json)
    throw new UsageError('--json applies to --summary (the per-line results are always JSON)');
  if (!summary && out !== null) throw new UsageError('--out applies to --summary');
  return { input, batch, modelsDir, quiet, summary: summary ? (json ? 'json' : 'text') : null, out };
}
