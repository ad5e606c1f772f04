/**
 * A batch as columns (core/history/batch-columns.ts), the form in which it leaves the engine's
 * thread: repeated values coded once per batch, nulls kept apart from empty strings, the CSV text
 * the history's thread makes from its clone equal to the module's, and the size estimate the staging bounds
 * count close to the text's real size. The round trip through DuckDB is history-csv.test.ts's.
 */
import { describe, expect, it } from 'vitest';
import type { Analysis, LogRecord } from '../../core/contract';
import {
  columnsCsv,
  CsvScratch,
  encodeBatch,
  REPEATED,
  type ColumnBatch,
} from '../../core/history/batch-columns';
import { ValueDictionary } from '../../core/history/dictionary';
import { CODED_COLUMNS, MAX_MESSAGE_CHARS } from '../../core/history/schema';
import { loghubStream } from '../fixtures/history-logs';

const record = (i: number, over: Partial<LogRecord> = {}): LogRecord => ({
  time: 1_796_428_072_000.4 + i,
  topic: 'logs',
  partition: i % 3,
  offset: String(100 + i),
  service: ['api', 'db', 'auth'][i % 3]!,
  host: i % 4 === 0 ? null : `node-${i % 2}`,
  level: i % 5 === 0 ? null : 'info',
  message: `message ${i}`,
  fields: i === 7 ? { 'log.producer': 'log4j2' } : {},
  format: 'plain',
  ...over,
});
const analysis = (i: number): Analysis => ({
  templateId: `tpl-${i % 2}`,
  template: '',
  params: [],
  severity: 'info',
  category: 'normal',
  scores: { severity: {}, category: {} },
  classifiedBy: 'rules',
});

describe('history: batches as columns', () => {
  it('codes each repeated value once per batch, null as −1, empty strings as values', () => {
    const records = Array.from({ length: 5000 }, (_, i) => record(i, i === 9 ? { service: '' } : {}));
    const batch = encodeBatch({
      records,
      analyses: records.map((_, i) => analysis(i)),
      alertIds: null,
      ingested: 1,
    });
    const column = (name: (typeof REPEATED)[number]): string[] => batch.dicts[REPEATED.indexOf(name)]!;
    expect([...column('service')].sort()).toEqual(['', 'api', 'auth', 'db']);
    expect([...column('host')].sort()).toEqual(['node-0', 'node-1']);
    expect(column('topic')).toEqual(['logs']);
    expect(column('producer')).toEqual(['log4j2']);
    const k = REPEATED.length;
    const hostCode = (row: number): number => batch.codes[row * k + REPEATED.indexOf('host')]!;
    expect(hostCode(0)).toBe(-1);
    expect(column('host')[hostCode(1)]).toBe('node-1');
    expect(column('service')[batch.codes[9 * k + 1]!]).toBe('');
    const offset3 = Buffer.from(batch.bytes).toString('utf8', batch.messageEnds[2], batch.offsetEnds[3]);
    expect([batch.rows, batch.messageEnds.length, offset3, batch.part[4]]).toEqual([5000, 5000, '103', 1]);
  });

  it("makes the CSV text of the batch, and the same from its clone (as the history's thread gets it)", () => {
    const records = [
      record(0, { message: 'a "quoted", comma' }),
      record(1, { message: 'line one\r\nline two\n\tat com.example.Main(Main.java:10)', host: 'h,"1"' }),
      record(2, { message: 'nul\u0000byte', service: null }),
      record(3, { message: 'x'.repeat(MAX_MESSAGE_CHARS + 5) }),
      record(4, { message: '' }),
    ];
    const batch = encodeBatch({
      records,
      analyses: records.map((_, i) => analysis(i)),
      alertIds: new Map([[1, 'alert-"1"']]),
      ingested: 1234.6,
    });
    // The history's thread gets a structured clone (postMessage): the same text from it.
    const text = columnsCsv(batch, new ValueDictionary()).toString('utf8');
    expect(columnsCsv(structuredClone(batch), new ValueDictionary()).toString('utf8')).toBe(text);
    const lines = text.split('\n');
    expect(lines[0]).toBe(
      // Row 0: no host, no level (empty unquoted fields are nulls), no producer, no alert; severity,
      // category and format as codes (info 2, normal 5, plain 4).
      '1796428072000,1235,0,0,"100",0,,,"a ""quoted"", comma",0,2,5,4,,',
    );
    expect(text).toContain(',1,0,3,"line one\r\nline two'); // service db 1, host h,"1" 0, level info 3
    expect(text).toContain('"nul\uFFFDbyte"');
    expect(text).toContain(`"${'x'.repeat(MAX_MESSAGE_CHARS)}…"`);
    expect(text).toContain(',"alert-""1"""\n');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('writes the bytes a plain string-built CSV would hold, for Loghub logs and hard cases', () => {
    // The reference: the text built field by field from the records, as the history's first CSV was.
    const field = (v: string | null): string =>
      v === null ? '' : `"${v.replace(/"/g, '""').replace(/\u0000/g, '\uFFFD')}"`; // eslint-disable-line no-control-regex
    // Level, severity, category and format as their index in the stored lists (schema.ts).
    const coded = (column: keyof typeof CODED_COLUMNS, v: string | null): string =>
      v === null ? '' : String((CODED_COLUMNS[column] as readonly string[]).indexOf(v));
    // Topic, service, host, template and producer: a fresh dictionary numbers each column's values
    // in the order they first appear.
    const seen = new Map<string, Map<string, number>>();
    const numbered = (column: string, v: string | null): string => {
      if (v === null) return '';
      const codes = seen.get(column) ?? seen.set(column, new Map()).get(column)!;
      if (!codes.has(v)) codes.set(v, codes.size);
      return String(codes.get(v));
    };
    const reference = (
      rs: LogRecord[],
      as: Analysis[],
      alerts: Map<number, string>,
      ingested: number,
    ): string =>
      rs
        .map((r, i) => {
          const a = as[i]!;
          const m =
            r.message.length > MAX_MESSAGE_CHARS ? `${r.message.slice(0, MAX_MESSAGE_CHARS)}…` : r.message;
          const p = r.fields['log.producer'];
          return [
            String(Math.round(r.time)),
            String(Math.round(ingested)),
            numbered('topic', r.topic),
            String(r.partition),
            field(r.offset),
            numbered('service', r.service),
            numbered('host', r.host),
            coded('level', r.level),
            field(m),
            numbered('template', a.templateId),
            coded('severity', a.severity),
            coded('category', a.category),
            coded('format', r.format),
            numbered('producer', typeof p === 'string' ? p : null),
            field(alerts.get(i) ?? null),
          ].join(',');
        })
        .map((line) => `${line}\n`)
        .join('');
    const { records, analyses } = loghubStream(Date.UTC(2026, 11, 1), 10).batch(0, 20_000);
    const hard = [
      record(0, { message: 'café ☕ 𝄞 naïve "quote" \u0000 end', offset: 'o"1', time: -1234.5 }),
      record(1, { message: 'lone surrogate \ud800 here', host: 'ß-host', service: 'Zürich' }),
      record(2, { message: '"' + 'é'.repeat(MAX_MESSAGE_CHARS) }),
      record(3, { message: '\u0000\u0000"', time: 0 }),
    ];
    const all = [...records, ...hard];
    const allAnalyses = [...analyses, ...hard.map((_, i) => analysis(i))];
    const alerts = new Map([
      [3, 'a1'],
      [all.length - 1, 'a"2'],
    ]);
    const batch = encodeBatch({ records: all, analyses: allAnalyses, alertIds: alerts, ingested: 99.5 });
    const bytes = columnsCsv(structuredClone(batch), new ValueDictionary());
    // Compared as the bytes a file gets (UTF-8 writes a lone surrogate as U+FFFD, in both).
    const expected = Buffer.from(reference(all, allAnalyses, alerts, 99.5), 'utf8');
    expect(bytes.toString('utf8')).toBe(expected.toString('utf8'));
    expect(bytes.equals(expected)).toBe(true);
    expect(bytes.toString('utf8')).toContain('lone surrogate \uFFFD here');
  });

  it("makes each batch's bytes in one reused buffer, the same bytes as without it", () => {
    const stream = loghubStream(Date.UTC(2026, 11, 1), 10);
    const small = encodeBatch({
      records: [record(0, { message: '"\u0000"'.repeat(400) })],
      analyses: [analysis(0)],
      alertIds: null,
      ingested: 1,
    });
    const batches = [stream.batch(0, 5000), stream.batch(5000, 5000), stream.batch(10_000, 2000)].map(
      ({ records, analyses }) =>
        encodeBatch({ records, analyses, alertIds: new Map([[7, 'a-7']]), ingested: 5 }),
    );
    const scratch = new CsvScratch();
    // Two dictionaries given the same batches in the same order give the same codes.
    const [plain, reusing] = [new ValueDictionary(), new ValueDictionary()];
    // Escapes triple a NUL: the one-row batch grows its buffer past the estimate.
    for (const batch of [small, ...batches, small]) {
      const expected = Buffer.from(columnsCsv(batch, plain));
      const bytes = columnsCsv(batch, reusing, scratch);
      expect(bytes.equals(expected)).toBe(true);
      expect(bytes.buffer).toBe(scratch.buffer.buffer);
    }
    const reused = scratch.buffer;
    columnsCsv(batches[1]!, reusing, scratch);
    expect(scratch.buffer).toBe(reused); // big enough already: no new buffer
  });

  it('estimates the text size the staging bounds count within a few percent', () => {
    const { records, analyses } = loghubStream(Date.UTC(2026, 11, 1), 10).batch(0, 20_000);
    const batch: ColumnBatch = encodeBatch({ records, analyses, alertIds: null, ingested: Date.now() });
    const real = columnsCsv(batch, new ValueDictionary()).length;
    console.log(`CSV of 20,000 Loghub logs: ${real} bytes, estimated ${batch.chars}`);
    expect(Math.abs(batch.chars - real) / real).toBeLessThan(0.05);
  });
});
