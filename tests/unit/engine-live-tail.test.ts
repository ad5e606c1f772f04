import { describe, expect, it } from 'vitest';
import { LiveLog, type Analysis, type LogRecord, type Severity } from '../../core/contract';
import { sampleLiveTail } from '../../core/engine/live-tail';
import { makeAnalysis, makeRecord } from './engine-fixtures';

/** One record per severity given; record i has offset i and time 1000 + i. */
function batchOf(severities: Severity[]): { records: LogRecord[]; analyses: Analysis[] } {
  return {
    records: severities.map((_, i) => makeRecord(i, { time: 1000 + i })),
    analyses: severities.map((severity) => makeAnalysis({ severity })),
  };
}

const offsets = (rows: { offset: string }[]): string[] => rows.map((r) => r.offset);

describe('sampleLiveTail', () => {
  it('carries what the parser understood for the log detail: host, format, producer and exception', () => {
    const error = {
      type: 'java.lang.IllegalStateException',
      message: 'boom',
      rootCause: 'java.net.SocketTimeoutException: Read timed out',
    };
    const record = makeRecord(0, { host: 'node-3', error, fields: { 'log.producer': 'log4j2-ecs' } });
    const { rows } = sampleLiveTail([record], [makeAnalysis({ severity: 'error' })], 5);
    expect(rows[0]).toMatchObject({ host: 'node-3', format: record.format, producer: 'log4j2-ecs', error });
    expect(LiveLog.safeParse(rows[0]).success).toBe(true);
  });

  it('keeps the most recent info rows when all are info, and counts the rest as dropped', () => {
    const { records, analyses } = batchOf(Array<Severity>(10).fill('info'));
    const { rows, dropped } = sampleLiveTail(records, analyses, 3);
    expect(offsets(rows)).toEqual(['7', '8', '9']);
    expect(dropped).toBe(7);
  });

  it('prefers error and warning rows over more recent info rows', () => {
    const severities = Array<Severity>(10).fill('info');
    severities[1] = 'error';
    severities[4] = 'warning';
    const { records, analyses } = batchOf(severities);
    const { rows, dropped } = sampleLiveTail(records, analyses, 3);
    expect(offsets(rows)).toEqual(['1', '4', '9']);
    expect(rows.map((r) => r.severity)).toEqual(['error', 'warning', 'info']);
    expect(dropped).toBe(7);
  });

  it('stays bounded when non-info rows alone exceed the limit', () => {
    const { records, analyses } = batchOf(Array<Severity>(20).fill('error'));
    const { rows, dropped } = sampleLiveTail(records, analyses, 5);
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r.severity === 'error')).toBe(true);
    expect(dropped).toBe(15);
  });

  it('returns every row, in time order, when the batch fits', () => {
    const { records, analyses } = batchOf(['info', 'error', 'info', 'warning']);
    // Out-of-order event times within a batch still come out sorted.
    records[0]!.time = 5000;
    const { rows, dropped } = sampleLiveTail(records, analyses, 50);
    expect(offsets(rows)).toEqual(['1', '2', '3', '0']);
    expect(dropped).toBe(0);
  });

  it('copies the analysis onto each row and truncates very long messages', () => {
    const records = [makeRecord(0, { message: 'x'.repeat(5000), level: 'error', service: 'db' })];
    const analyses = [makeAnalysis({ templateId: 'tpl-9', severity: 'error', category: 'system' })];
    const [row] = sampleLiveTail(records, analyses, 10).rows;
    expect(row).toMatchObject({
      templateId: 'tpl-9',
      severity: 'error',
      category: 'system',
      level: 'error',
      service: 'db',
    });
    expect(row!.message.length).toBeLessThan(5000);
    expect(row!.message.startsWith('x'.repeat(2000))).toBe(true);
  });

  it('handles an empty batch and a zero limit', () => {
    expect(sampleLiveTail([], [], 10)).toEqual({ rows: [], dropped: 0 });
    const { records, analyses } = batchOf(['error', 'info']);
    expect(sampleLiveTail(records, analyses, 0)).toEqual({ rows: [], dropped: 2 });
  });
});
