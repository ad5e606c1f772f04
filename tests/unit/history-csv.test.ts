/**
 * How the writer hands batches to DuckDB (core/history/batch-csv.ts: CSV text in a staging file)
 * on real DuckDB: every message of the real producer captures (tests/fixtures/producers/real:
 * Log4j stack traces, rsyslog, logfmt, Python, nginx) comes back exactly as parsed, and so do
 * the characters CSV must escape; a history file written by the earlier JSON encoding opens and
 * keeps growing; a staging file left by a stop mid-insert is removed at open.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Analysis, LogRecord } from '../../core/contract';
import { HistoryWriter } from '../../core/history';
import { loadDuckDB } from '../../core/history/duckdb';
import { CODED_COLUMNS, MAX_MESSAGE_CHARS } from '../../core/history/schema';
import { CATEGORIES, LOG_FORMATS, LOG_LEVELS, SEVERITIES } from '../../core/contract';
import { V1_TABLE } from '../fixtures/history-v1-table';
import { parseMessage } from '../../core/parse';

const REAL = join(__dirname, '../fixtures/producers/real');
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-history-csv-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function realMessages(): string[] {
  const values: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.jsonl') && !name.includes('expected') && !name.includes('events'))
        for (const line of readFileSync(path, 'utf8').split('\n'))
          if (line.trim()) values.push((JSON.parse(line) as { value: string }).value);
    }
  };
  walk(REAL);
  return values;
}

const analysisOf = (templateId: string): Analysis => ({
  templateId,
  template: '',
  params: [],
  severity: 'warning',
  category: 'normal',
  scores: { severity: {}, category: {} },
  classifiedBy: 'rules',
});

async function storeAndRead(records: LogRecord[], alertIds: Map<number, string> | null) {
  const writer = await HistoryWriter.open({ dir, maxAgeMs: 3_600_000, maxBytes: 1024 ** 3, now: () => 0 });
  try {
    writer.offer(
      records,
      records.map((_, i) => analysisOf(`tpl-"${i}",x`)),
      alertIds,
      1000,
    );
    await writer.flush();
    expect(writer.state().dropped).toBe(0);
    expect(writer.reason()).toBeNull();
    const found = await writer.store.query({ from: -(10 ** 15), to: 10 ** 15, limit: 1000 });
    return new Map(found.logs.map((l) => [l.offset, l]));
  } finally {
    await writer.close();
  }
}

describe('history: batches as CSV', () => {
  it('stores every real producer message exactly as parsed', async () => {
    const records: LogRecord[] = [];
    realMessages().forEach((value, i) => {
      const outcome = parseMessage({
        topic: 'real',
        partition: 0,
        offset: String(i),
        timestamp: 1_796_428_072_000 + i,
        key: null,
        value: Buffer.from(value),
      });
      if (outcome.ok) records.push(outcome.record);
    });
    expect(records.length).toBeGreaterThan(900);
    const multiline = records.filter((r) => r.message.includes('\n')).length;
    const quoted = records.filter((r) => r.message.includes('"')).length;
    console.log(
      `real producer messages: ${records.length}, ${multiline} with line breaks, ${quoted} with quotes`,
    );
    const stored = await storeAndRead(records, new Map([[3, 'alert-"3"']]));
    expect(stored.size).toBe(records.length);
    records.forEach((r, i) => {
      const log = stored.get(r.offset)!;
      expect(log, r.offset).toBeDefined();
      expect(log.message).toBe(r.message);
      expect([log.time, log.topic, log.partition, log.service, log.host, log.level, log.format]).toEqual([
        Math.round(r.time),
        r.topic,
        r.partition,
        r.service,
        r.host,
        r.level,
        r.format,
      ]);
      const producer = r.fields['log.producer'];
      expect(log.producer).toBe(typeof producer === 'string' ? producer : null);
      expect(log.templateId).toBe(`tpl-"${i}",x`);
      expect(log.alertId).toBe(i === 3 ? 'alert-"3"' : null);
    });
  });

  it('keeps the characters CSV must escape, empty values apart from missing ones', async () => {
    const messages = [
      'a "quoted", comma',
      'line one\r\nline two\n\tat com.example.Main.main(Main.java:10)',
      '',
      '"',
      '""',
      ',',
      'back\\slash \\n not a break',
      'nul\u0000byte',
      'ünïcödé 🙂 日本語',
      'x'.repeat(MAX_MESSAGE_CHARS + 100),
    ];
    const records = messages.map((message, i): LogRecord => ({
      time: 1_796_428_072_000 + i,
      topic: 'edge',
      partition: 2,
      offset: String(i),
      service: i % 2 === 0 ? null : '',
      host: i % 3 === 0 ? null : 'h,"1"',
      level: i % 2 === 0 ? null : 'error',
      message,
      fields: i === 1 ? { 'log.producer': 'log4j2' } : {},
      format: 'plain',
    }));
    const stored = await storeAndRead(records, null);
    expect([...stored.keys()].sort((a, b) => Number(a) - Number(b))).toEqual(
      messages.map((_, i) => String(i)),
    );
    const expected = messages.map((m) =>
      m.length > MAX_MESSAGE_CHARS ? `${m.slice(0, MAX_MESSAGE_CHARS)}…` : m.replace('\u0000', '\uFFFD'),
    );
    expect(messages.map((_, i) => stored.get(String(i))!.message)).toEqual(expected);
    expect(messages.map((_, i) => stored.get(String(i))!.service)).toEqual(
      messages.map((_, i) => (i % 2 === 0 ? null : '')),
    );
    expect(messages.map((_, i) => stored.get(String(i))!.host)).toEqual(
      messages.map((_, i) => (i % 3 === 0 ? null : 'h,"1"')),
    );
    expect(stored.get('1')!.producer).toBe('log4j2');
    expect(stored.get('1')!.level).toBe('error');
    expect(stored.get('0')!.level).toBeNull();
  });

  it("keeps every stored code's meaning, and has a code for every value of the contract", () => {
    // Codes are stored: a list may only grow at its end. Changing this literal breaks stored files.
    expect(CODED_COLUMNS).toEqual({
      level: ['fatal', 'error', 'warn', 'info', 'debug', 'trace'],
      severity: ['error', 'warning', 'info'],
      category: ['security', 'performance', 'system', 'network', 'application', 'normal'],
      format: ['json', 'logfmt', 'syslog3164', 'syslog5424', 'plain'],
    });
    const contract = { level: LOG_LEVELS, severity: SEVERITIES, category: CATEGORIES, format: LOG_FORMATS };
    for (const [column, values] of Object.entries(contract))
      for (const value of values)
        expect(CODED_COLUMNS[column as keyof typeof CODED_COLUMNS], `${column} ${value}`).toContain(value);
  });

  it('opens a history written by the earlier JSON encoding and adds to it', async () => {
    // The writer's insert before the CSV encoding, into the table of those builds (the offset's text
    // `off` beside its number), as they left their files.
    const duckdb = await loadDuckDB();
    const instance = await duckdb.DuckDBInstance.create(join(dir, 'logs.duckdb'));
    const connection = await instance.connect();
    await connection.run(V1_TABLE);
    const row = [
      1000,
      5,
      'old',
      0,
      '7',
      'svc',
      'host',
      'warn',
      'from the JSON build',
      't1',
      'warning',
      'normal',
      'plain',
      null,
      null,
    ];
    await connection.run(
      `INSERT INTO logs SELECT r[1]::BIGINT, r[2]::BIGINT, r[3], r[4]::INTEGER, r[5], TRY_CAST(r[5] AS BIGINT), r[6], r[7], r[8],
              r[9], r[10], r[11], r[12], r[13], r[14], r[15]
       FROM (SELECT unnest(from_json($1, '[["VARCHAR"]]')) AS r)`,
      [JSON.stringify([row])],
    );
    // A value no list holds (no valid record has one) is stored as its column's fallback.
    await connection.run(
      `INSERT INTO logs VALUES (1001, 5, 'old', 0, '9', 9, 'svc', NULL, NULL, 'no level', 't2', 'fatal?', 'odd', 'xml', NULL, NULL)`,
    );
    connection.closeSync();
    instance.closeSync();
    const stored = await storeAndRead(
      [
        {
          time: 2000,
          topic: 'old',
          partition: 0,
          offset: '8',
          service: 'svc',
          host: null,
          level: 'info',
          message: 'from the CSV build',
          fields: {},
          format: 'plain',
        },
      ],
      null,
    );
    expect(stored.get('7')).toMatchObject({
      message: 'from the JSON build',
      time: 1000,
      level: 'warn',
      severity: 'warning',
      category: 'normal',
      format: 'plain',
      topic: 'old',
      service: 'svc',
      host: 'host',
      templateId: 't1',
    });
    // The new row's topic and service have the codes the old rows' values were given.
    expect(stored.get('8')).toMatchObject({ topic: 'old', service: 'svc' });
    expect(stored.get('9')).toMatchObject({
      level: null,
      severity: 'info',
      category: 'normal',
      format: 'plain',
    });
    expect(stored.get('8')).toMatchObject({ message: 'from the CSV build', time: 2000, host: null });
    // The offset's text column is gone from the file (schema.ts LEGACY_COLUMNS): only its number is kept.
    const reopened = await duckdb.DuckDBInstance.create(join(dir, 'logs.duckdb'));
    const check = await reopened.connect();
    const columns = (
      await check.runAndReadAll(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'logs'",
      )
    )
      .getRows()
      .map((r) => r[0]);
    expect(columns).toContain('off_num');
    expect(columns).not.toContain('off');
    // Level, severity, category and format are codes now (schema.ts CODED_COLUMNS).
    const types = await check.runAndReadAll(
      "SELECT data_type FROM information_schema.columns WHERE table_name = 'logs' AND column_name IN ('level', 'severity', 'category', 'format')",
    );
    expect(types.getRows().map((r) => r[0])).toEqual(['UTINYINT', 'UTINYINT', 'UTINYINT', 'UTINYINT']);
    // Topic, service, host, template and producer: codes into the dictionary (dictionary.ts).
    const coded = await check.runAndReadAll(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'logs' AND column_name IN ('topic', 'service', 'host', 'template_id', 'producer') ORDER BY column_name",
    );
    expect(coded.getRows().map((r) => `${String(r[0])} ${String(r[1])}`)).toEqual([
      'host INTEGER',
      'producer INTEGER',
      'service INTEGER',
      'template_id INTEGER',
      'topic INTEGER',
    ]);
    const entries = await check.runAndReadAll('SELECT col, value FROM dict ORDER BY col, code');
    const pairs = entries.getRows().map((r) => `${String(r[0])}:${String(r[1])}`);
    expect(pairs).toEqual(expect.arrayContaining(['0:old', '1:svc', '2:host', '3:t1', '3:t2']));
    expect(new Set(pairs).size).toBe(pairs.length); // the new row's values reuse the old entries
    check.closeSync();
    reopened.closeSync();
  });

  it('removes a staging file left by a stop mid-insert, and leaves none after inserts', async () => {
    writeFileSync(join(dir, 'incoming.csv'), '1,2,"half a row');
    const stored = await storeAndRead(
      [
        {
          time: 1,
          topic: 'x',
          partition: 0,
          offset: '0',
          service: null,
          host: null,
          level: null,
          message: 'm',
          fields: {},
          format: 'plain',
        },
      ],
      null,
    );
    expect(stored.size).toBe(1);
    expect(readdirSync(dir).filter((f) => f.endsWith('.csv'))).toEqual([]);
  });
});
