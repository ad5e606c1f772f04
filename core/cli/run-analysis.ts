/**
 * The offline analysis loop: lines in, one JSON result per line out, in input order. Lines go to
 * the engine in batches (bounded by count and bytes); output is written batch by batch and awaited,
 * so a slow reader of stdout slows the loop instead of growing memory. A line the engine cannot
 * take becomes an error result for that line; processing continues.
 */
import type { AnalyzeResult } from '../contract';
import type { LineItem } from './line-reader';

export interface LineError {
  code: string;
  message: string;
}

export interface RunOptions {
  lines: AsyncIterable<LineItem>;
  /** Analyzes a batch; resolves with one result per log, in order. */
  analyze(logs: string[]): Promise<AnalyzeResult[]>;
  /** Writes text and resolves when the output can take more. */
  write(text: string): Promise<void>;
  maxBatchLines: number;
  maxBatchBytes: number;
  maxLineBytes: number;
  /** Called after each batch is written. */
  onBatch?(summary: RunSummary): void;
  /** Called for each analyzed line, in input order (the incident summary reads them). */
  onResult?(line: number, text: string, result: AnalyzeResult): void;
}

export interface RunSummary {
  /** Input lines read, blank ones included. */
  lines: number;
  analyzed: number;
  /** Lines that produced an error result. */
  errors: number;
  /** Whitespace-only lines: not logs, so not analyzed and not written; counted here. */
  blank: number;
}

/** Errors that mean the engine itself is gone: retrying line by line would only fail again. */
const FATAL_CODES = new Set(['unavailable']);

type Slot = { line: number; text: string } | { line: number; error: LineError };

function errorOf(err: unknown): LineError {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return {
    code: typeof code === 'string' ? code : 'analysis_failed',
    message: (err instanceof Error ? err.message : String(err)).slice(0, 500),
  };
}

export async function runAnalysis(options: RunOptions): Promise<RunSummary> {
  const summary: RunSummary = { lines: 0, analyzed: 0, errors: 0, blank: 0 };
  let slots: Slot[] = [];
  let texts = 0;
  let bytes = 0;

  /** Results for the texts of a batch; on a batch failure, line by line to isolate the bad one. */
  const analyzeSlots = async (
    batch: { line: number; text: string }[],
  ): Promise<(AnalyzeResult | LineError)[]> => {
    if (batch.length === 0) return [];
    try {
      const results = await options.analyze(batch.map((slot) => slot.text));
      if (results.length !== batch.length) {
        throw Object.assign(
          new Error(`the engine returned ${results.length} results for ${batch.length} logs`),
          { code: 'internal' },
        );
      }
      return results;
    } catch (err) {
      const error = errorOf(err);
      if (FATAL_CODES.has(error.code)) throw err;
      if (batch.length === 1) return [error];
      const out: (AnalyzeResult | LineError)[] = [];
      for (const slot of batch) out.push(...(await analyzeSlots([slot])));
      return out;
    }
  };

  const flush = async (): Promise<void> => {
    if (slots.length === 0) return;
    const batch = slots.filter((slot): slot is { line: number; text: string } => 'text' in slot);
    const outcomes = await analyzeSlots(batch);
    let next = 0;
    let text = '';
    for (const slot of slots) {
      const outcome = 'text' in slot ? outcomes[next++] : slot.error;
      if (outcome === undefined) continue;
      if ('templateId' in outcome) {
        summary.analyzed++;
        if ('text' in slot) options.onResult?.(slot.line, slot.text, outcome);
        text += JSON.stringify({ line: slot.line, ...outcome }) + '\n';
      } else {
        summary.errors++;
        text += JSON.stringify({ line: slot.line, error: outcome }) + '\n';
      }
    }
    slots = [];
    texts = 0;
    bytes = 0;
    await options.write(text);
    options.onBatch?.(summary);
  };

  for await (const item of options.lines) {
    summary.lines = item.line;
    if (item.kind === 'tooLong') {
      slots.push({
        line: item.line,
        error: {
          code: 'line_too_long',
          message: `line is ${item.bytes} bytes; the limit is ${options.maxLineBytes}`,
        },
      });
    } else if (item.text.trim() === '') {
      summary.blank++;
      continue;
    } else {
      slots.push({ line: item.line, text: item.text });
      texts++;
      bytes += Buffer.byteLength(item.text);
    }
    // Error-only stretches are bounded too: at most twice the batch in slots.
    if (
      texts >= options.maxBatchLines ||
      bytes >= options.maxBatchBytes ||
      slots.length >= 2 * options.maxBatchLines
    ) {
      await flush();
    }
  }
  await flush();
  return summary;
}
