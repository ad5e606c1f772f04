/**
 * The offline analysis loop, with the engine's analyze call and the output replaced by recorders:
 * order, batching, per-line errors, blank lines, and backpressure from the output.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { AnalyzeResult } from '../../core/contract';
import type { LineItem } from '../../core/cli/line-reader';
import { runAnalysis, type RunOptions } from '../../core/cli/run-analysis';

function resultFor(log: string): AnalyzeResult {
  return {
    record: {
      time: 0,
      service: null,
      host: null,
      level: log.includes('ERROR') ? 'error' : 'info',
      message: log,
      format: 'plain',
      producer: null,
      error: null,
    },
    level: log.includes('ERROR') ? 'error' : 'info',
    category: 'system',
    severity: log.includes('ERROR') ? 'error' : 'info',
    templateId: `t-${log.length}`,
    template: log,
    scores: { severity: {}, category: {} },
  };
}

const lines = (items: LineItem[]): AsyncIterable<LineItem> => Readable.from(items);

const line = (n: number, text: string): LineItem => ({ kind: 'line', line: n, text });

function recorder(overrides: Partial<RunOptions> = {}) {
  const batches: string[][] = [];
  let output = '';
  const options: RunOptions = {
    lines: lines([]),
    analyze: (logs) => {
      batches.push(logs);
      return Promise.resolve(logs.map(resultFor));
    },
    write: (text) => {
      output += text;
      return Promise.resolve();
    },
    maxBatchLines: 3,
    maxBatchBytes: 1_000_000,
    maxLineBytes: 100,
    ...overrides,
  };
  return {
    options,
    batches,
    output: () =>
      output
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('runAnalysis', () => {
  it('writes one result per non-blank line, in input order, with its line number', async () => {
    const input = [
      line(1, 'INFO start'),
      line(2, ''),
      { kind: 'tooLong', line: 3, bytes: 500 } as LineItem,
      line(4, 'ERROR disk'),
      line(5, 'INFO a'),
      line(6, 'INFO b'),
      line(7, '   '),
    ];
    const r = recorder({ lines: lines(input) });
    const summary = await runAnalysis(r.options);
    const out = r.output();
    expect(out.map((o) => o.line)).toEqual([1, 3, 4, 5, 6]);
    expect(out[0]).toEqual({ line: 1, ...resultFor('INFO start') });
    expect(out[1]).toEqual({
      line: 3,
      error: { code: 'line_too_long', message: 'line is 500 bytes; the limit is 100' },
    });
    expect(out[2]).toMatchObject({ line: 4, severity: 'error' });
    expect(summary).toEqual({ lines: 7, analyzed: 4, errors: 1, blank: 2 });
  });

  it('sends batches of at most maxBatchLines logs and at most maxBatchBytes', async () => {
    const input = Array.from({ length: 10 }, (_, i) => line(i + 1, `INFO ${i}`));
    const byCount = recorder({ lines: lines(input) });
    await runAnalysis(byCount.options);
    expect(byCount.batches.map((b) => b.length)).toEqual([3, 3, 3, 1]);

    const byBytes = recorder({ lines: lines(input), maxBatchLines: 100, maxBatchBytes: 12 });
    await runAnalysis(byBytes.options);
    expect(byBytes.batches.map((b) => b.length)).toEqual([2, 2, 2, 2, 2]);
  });

  it('isolates a log the engine rejects: that line gets an error, the others their results', async () => {
    const input = [line(1, 'INFO a'), line(2, 'POISON'), line(3, 'INFO c')];
    const r = recorder({
      lines: lines(input),
      analyze: (logs) =>
        logs.includes('POISON')
          ? Promise.reject(Object.assign(new Error('cannot parse POISON'), { code: 'invalid_request' }))
          : Promise.resolve(logs.map(resultFor)),
    });
    const summary = await runAnalysis(r.options);
    expect(r.output()).toEqual([
      { line: 1, ...resultFor('INFO a') },
      { line: 2, error: { code: 'invalid_request', message: 'cannot parse POISON' } },
      { line: 3, ...resultFor('INFO c') },
    ]);
    expect(summary.errors).toBe(1);
  });

  it('stops when the engine is unavailable instead of retrying every line', async () => {
    let calls = 0;
    const r = recorder({
      lines: lines([line(1, 'a'), line(2, 'b'), line(3, 'c')]),
      analyze: () => {
        calls++;
        return Promise.reject(
          Object.assign(new Error('engine worker exited (code 1)'), { code: 'unavailable' }),
        );
      },
    });
    await expect(runAnalysis(r.options)).rejects.toThrow('engine worker exited');
    expect(calls).toBe(1);
  });

  it('treats a result count that does not match the batch as an engine fault, per line', async () => {
    const r = recorder({
      lines: lines([line(1, 'a'), line(2, 'b')]),
      analyze: (logs) => Promise.resolve(logs.slice(0, 1).map(resultFor)),
    });
    await runAnalysis(r.options);
    // Line by line, each call returns its one result: the batch-level mismatch is recovered.
    expect(r.output().map((o) => o.line)).toEqual([1, 2]);
  });

  it('does not analyze the next batch until the output has taken the previous one', async () => {
    const input = Array.from({ length: 9 }, (_, i) => line(i + 1, `INFO ${i}`));
    let release: () => void = () => {};
    let analyzeCalls = 0;
    const r = recorder({
      lines: lines(input),
      analyze: (logs) => {
        analyzeCalls++;
        return Promise.resolve(logs.map(resultFor));
      },
      write: () => new Promise<void>((resolve) => (release = resolve)),
    });
    const run = runAnalysis(r.options);
    // Let the loop run as far as it can while the first write is pending.
    for (let i = 0; i < 20; i++) await Promise.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(analyzeCalls).toBe(1);
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(analyzeCalls).toBe(2);
    release();
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await run;
    expect(analyzeCalls).toBe(3);
  });
});
