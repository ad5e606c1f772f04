/**
 * `vigil analyze FILE` (or `-` for stdin): analyzes a log file offline and writes one JSON result
 * per input line to stdout (`{"line":N,"level",...}` or `{"line":N,"error":{code,message}}`),
 * streaming with bounded memory. With `--summary`, the incident summary (./summary) instead, or
 * into `--out FILE` beside the results. Progress and the final count go to stderr: stdout carries
 * only results. Also runs as its own entry under tsx (`tsx core/cli/analyze.ts FILE`).
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReadStream } from 'node:fs';
import { LIMITS } from '../contract';
import type { EngineClient } from '../engine/client';
import { createEngine } from '../engine/create';
import { ANALYZE_USAGE, parseAnalyzeArgs, UsageError, type AnalyzeArgs } from './analyze-args';
import { readLines } from './line-reader';
import { runAnalysis, type RunSummary } from './run-analysis';
import { formatSummaryText, IncidentCollector } from './summary';
import { backpressuredWriter, OutputClosedError } from './write-stream';

const PROGRESS_INTERVAL_MS = 1000;
const MAX_BATCH_BYTES = 4 * 1024 * 1024;

/** Opens the input, with a clear message for the usual mistakes instead of a stack trace. */
async function openInput(
  input: string,
): Promise<{ stream: NodeJS.ReadableStream; size: number | null; file: ReadStream | null }> {
  if (input === '-') return { stream: process.stdin, size: null, file: null };
  let info;
  try {
    info = await stat(input);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(code ?? err);
    throw new UsageError(`cannot read "${input}": ${why}`);
  }
  if (info.isDirectory()) throw new UsageError(`"${input}" is a directory, not a log file`);
  const file = createReadStream(input, { highWaterMark: 256 * 1024 });
  return { stream: file, size: info.isFile() ? info.size : null, file };
}

function progressLine(
  summary: RunSummary,
  startedAt: number,
  bytesRead: number | null,
  size: number | null,
): string {
  const seconds = (Date.now() - startedAt) / 1000;
  const rate = seconds > 0 ? Math.round(summary.lines / seconds) : 0;
  const percent =
    bytesRead !== null && size !== null && size > 0 ? ` (${((100 * bytesRead) / size).toFixed(1)}%)` : '';
  return `analyze: ${summary.lines} lines${percent}, ${rate} lines/s`;
}

async function main(): Promise<number> {
  let args: AnalyzeArgs | 'help';
  try {
    args = parseAnalyzeArgs(process.argv.slice(2), process.cwd());
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`analyze: ${err.message}\n${ANALYZE_USAGE}`);
    return 2;
  }
  if (args === 'help') {
    console.log(ANALYZE_USAGE);
    return 0;
  }
  let input;
  try {
    input = await openInput(args.input);
  } catch (err) {
    console.error(`analyze: ${(err as Error).message}`);
    return 2;
  }

  // The engine keeps history on disk; an offline run gets a scratch directory of its own.
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-analyze-'));
  let engine: EngineClient | null = null;
  const startedAt = Date.now();
  let lastProgress = startedAt;
  const quiet = args.quiet;
  const { file, size } = input;
  // A read error ends the line iteration early; it is kept here and reported after the loop.
  const inputFailure: { error: Error | null } = { error: null };
  input.stream.on('error', (err: Error) => {
    inputFailure.error = err;
  });
  // stdout errors (EPIPE when piped into `head`) surface through the writer as OutputClosedError.
  process.stdout.on('error', () => {});
  const stdout = backpressuredWriter(process.stdout);
  const collector = args.summary === null ? null : new IncidentCollector();
  // The summary alone on stdout, unless it goes to a file: then the results stay on stdout.
  const resultsOut = collector !== null && args.out === null ? () => Promise.resolve() : stdout;

  try {
    const analyzer = await createEngine({
      dataDir,
      ...(args.modelsDir !== null ? { modelsDir: args.modelsDir } : {}),
    });
    engine = analyzer;
    const summary = await runAnalysis({
      lines: readLines(input.stream as AsyncIterable<Buffer>, LIMITS.analyzeMaxLogBytes),
      analyze: async (logs) => (await analyzer.call('analyze', { logs })).results,
      write: resultsOut,
      maxBatchLines: args.batch,
      maxBatchBytes: MAX_BATCH_BYTES,
      maxLineBytes: LIMITS.analyzeMaxLogBytes,
      onBatch: (progress) => {
        const now = Date.now();
        if (quiet || now - lastProgress < PROGRESS_INTERVAL_MS) return;
        lastProgress = now;
        console.error(progressLine(progress, startedAt, file?.bytesRead ?? null, size));
      },
      ...(collector !== null
        ? { onResult: (line, text, result) => collector.observe(line, text, result) }
        : {}),
    });
    if (inputFailure.error !== null) throw inputFailure.error;
    const seconds = (Date.now() - startedAt) / 1000;
    console.error(
      `analyze: done: ${summary.lines} lines, ${summary.analyzed} analyzed, ${summary.errors} errors, ` +
        `${summary.blank} blank skipped, in ${seconds.toFixed(1)} s (${Math.round(summary.lines / Math.max(seconds, 0.001))} lines/s)`,
    );
    if (collector !== null && args.summary !== null) {
      const incident = collector.summary(args.input, {
        total: summary.lines,
        analyzed: summary.analyzed,
        failed: summary.errors,
        blank: summary.blank,
      });
      const text =
        args.summary === 'json' ? JSON.stringify(incident, null, 2) + '\n' : formatSummaryText(incident);
      if (args.out === null) await stdout(text);
      else {
        await writeFile(args.out, text);
        console.error(`analyze: summary written to ${args.out}`);
      }
    }
    return summary.errors > 0 ? 3 : 0;
  } catch (err) {
    if (err instanceof OutputClosedError) return 0; // The reader stopped early (`| head`): not a failure.
    console.error(`analyze: failed: ${(err as Error).message}`);
    return 1;
  } finally {
    file?.destroy();
    await engine?.close().catch(() => {});
    await rm(dataDir, { recursive: true, force: true }).catch(() => {});
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`analyze: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
