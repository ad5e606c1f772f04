import { describe, expect, it } from 'vitest';
import { LogRecord } from '../../core/contract';
import { parseMessage, parseObject, type ParseOutcome } from '../../core/parse';
import { MAX_FIELDS, MAX_FIELD_VALUE_CHARS } from '../../core/parse/structured';

const KAFKA_TS = Date.UTC(2024, 4, 1, 12, 0, 0);
const meta = { topic: 'logs', partition: 2, offset: '41', timestamp: KAFKA_TS };

function parse(value: string): ParseOutcome {
  return parseMessage({ ...meta, key: null, value: Buffer.from(value, 'utf8') });
}

function record(value: string) {
  const outcome = parse(value);
  if (!outcome.ok) throw new Error(`rejected: ${outcome.issue.kind} ${outcome.issue.detail}`);
  expect(LogRecord.safeParse(outcome.record).success).toBe(true);
  return outcome;
}

describe('JSON logs', () => {
  it('reads the common key spellings into the record and keeps the rest as fields', () => {
    const { record: r, warnings } = record(
      '{"@timestamp":"2024-05-01T10:00:00.250Z","severity":"WARNING","msg":"disk almost full","app":"billing","hostname":"db-1","pct":97.5,"ok":false,"user":null}',
    );
    expect(warnings).toEqual([]);
    expect(r).toMatchObject({
      time: Date.UTC(2024, 4, 1, 10, 0, 0, 250),
      topic: 'logs',
      partition: 2,
      offset: '41',
      service: 'billing',
      host: 'db-1',
      level: 'warn',
      message: 'disk almost full',
      format: 'json',
    });
    expect(r.fields).toEqual({ pct: 97.5, ok: false, user: null });
  });

  it.each([
    ['level', 'error', 'error'],
    ['lvl', 'dbg', 'debug'],
    ['loglevel', 'CRITICAL', 'fatal'],
    ['level', 'notice', 'info'],
    ['level', 'E', 'error'],
  ])('normalizes %s=%s to %s', (key, value, expected) => {
    expect(record(JSON.stringify({ [key]: value, message: 'x' })).record.level).toBe(expected);
  });

  it('maps numeric levels (pino 10–60, syslog 0–7) and leaves unknown numbers in fields', () => {
    expect(record('{"level":50,"msg":"x"}').record.level).toBe('error');
    expect(record('{"level":30,"msg":"x"}').record.level).toBe('info');
    expect(record('{"level":3,"msg":"x"}').record.level).toBe('error');
    const unknown = record('{"level":999,"msg":"x"}').record;
    expect(unknown.level).toBeNull();
    expect(unknown.fields.level).toBe(999);
  });

  it('reads epoch seconds, milliseconds and numeric strings, and zone offsets', () => {
    expect(record('{"ts":1714557600,"msg":"x"}').record.time).toBe(1714557600000);
    expect(record('{"ts":1714557600123,"msg":"x"}').record.time).toBe(1714557600123);
    expect(record('{"time":"1714557600.5","msg":"x"}').record.time).toBe(1714557600500);
    expect(record('{"timestamp":"2024-05-01T12:00:00+02:00","msg":"x"}').record.time).toBe(
      Date.UTC(2024, 4, 1, 10),
    );
    // Zone-less is UTC, never the desktop's local zone.
    expect(record('{"time":"2024-05-01 12:00:00,5","msg":"x"}').record.time).toBe(
      Date.UTC(2024, 4, 1, 12, 0, 0, 500),
    );
  });

  it('falls back to the Kafka timestamp for unreadable times and keeps the raw value', () => {
    const r = record('{"time":"yesterday-ish","msg":"x"}').record;
    expect(r.time).toBe(KAFKA_TS);
    expect(r.fields.time).toBe('yesterday-ish');
    expect(record('{"ts":99999999999999999999,"msg":"x"}').record.time).toBe(KAFKA_TS);
  });

  it('flattens nested objects with dotted keys and reads ECS-style service.name / host.name / log.level', () => {
    const r = record(
      '{"@timestamp":"2024-05-01T10:00:00Z","log":{"level":"error","logger":"db"},"service":{"name":"api","version":"1.2"},"host":{"name":"web-3"},"message":"boom","http":{"request":{"method":"GET"},"status":500},"tags":["a","b"]}',
    ).record;
    expect(r).toMatchObject({ level: 'error', service: 'api', host: 'web-3', message: 'boom' });
    expect(r.fields).toEqual({
      'log.logger': 'db',
      'service.version': '1.2',
      'http.request.method': 'GET',
      'http.status': 500,
      tags: '["a","b"]',
    });
  });

  it('prefers the best key when several spellings are present and keeps the others as fields', () => {
    const r = record('{"msg":"short","message":"long form","logger":"com.x.Y","service":"checkout"}').record;
    expect(r.message).toBe('long form');
    expect(r.service).toBe('checkout');
    expect(r.fields).toEqual({ msg: 'short', logger: 'com.x.Y' });
  });

  it('builds a message from the fields when there is no message key', () => {
    const r = record('{"level":"info","action":"login","user":"alice smith","attempts":3}').record;
    expect(r.message).toBe('action=login user="alice smith" attempts=3');
  });

  it("reads structlog's `event` as the message (a producer shape, see producers/python.ts)", () => {
    const r = record('{"level":"info","event":"login","user":"alice smith","attempts":3}').record;
    expect(r.message).toBe('login');
    expect(r.fields['log.producer']).toBe('structlog');
  });

  it('strips the trailing newline of Docker json-file lines', () => {
    expect(
      record('{"log":"started\\n","stream":"stdout","time":"2024-05-01T10:00:00Z"}').record.message,
    ).toBe('started');
  });

  it('stringifies a message that is an object (bounded) and counts wrong_type', () => {
    const { record: r, warnings } = record('{"level":"error","message":{"code":42,"text":"nope"}}');
    expect(r.message).toBe('{"code":42,"text":"nope"}');
    expect(warnings.map((w) => w.kind)).toEqual(['wrong_type']);
  });

  it('treats a level that is an object as no level, counts wrong_type, keeps the value', () => {
    const { record: r, warnings } = record('{"level":{"name":"x"},"msg":"m"}');
    expect(r.level).toBeNull();
    expect(r.fields.level).toBe('{"name":"x"}');
    expect(warnings.map((w) => w.kind)).toEqual(['wrong_type']);
  });

  it('keeps huge and non-finite numbers readable', () => {
    const r = record('{"msg":"x","big":1e999,"neg":-1e999,"n":12345678901234567890}').record;
    expect(r.fields.big).toBe('Infinity');
    expect(r.fields.neg).toBe('-Infinity');
    expect(typeof r.fields.n).toBe('number');
  });

  it('bounds the field count and value length, counting fields_truncated once', () => {
    const many: Record<string, unknown> = { msg: 'x', long: 'v'.repeat(5000) };
    for (let i = 0; i < 200; i++) many[`k${i}`] = i;
    const { record: r, warnings } = record(JSON.stringify(many));
    expect(Object.keys(r.fields)).toHaveLength(MAX_FIELDS);
    expect((r.fields.long as string).length).toBe(MAX_FIELD_VALUE_CHARS);
    expect(warnings.filter((w) => w.kind === 'fields_truncated')).toHaveLength(1);
  });

  it('cleans control characters that arrive through JSON escapes', () => {
    const { record: r, warnings } = record('{"msg":"\\u001b[31mred\\u001b[0m and bell\\u0007"}');
    expect(r.message).toBe('red and bell\\x07');
    expect(warnings.map((w) => w.kind)).toEqual(['control_chars']);
  });

  it('analyzes malformed JSON as plain text and counts it', () => {
    const { record: r, warnings } = record('{"level":"error","msg":"connection reset');
    expect(r.format).toBe('plain');
    expect(r.message).toBe('{"level":"error","msg":"connection reset');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ kind: 'malformed_json', topic: 'logs', partition: 2, offset: '41' });
    expect(warnings[0]!.sample).toBe('{"level":"error","msg":"connection reset');
  });

  it('rejects an empty JSON object as empty', () => {
    const outcome = parse('{}');
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.issue.kind).toBe('empty');
  });
});

describe('parseObject (analyze API)', () => {
  it('reads an object with the same key spellings', () => {
    const outcome = parseObject(
      { level: 'warn', message: 'slow query', service: 'db', duration_ms: 812 },
      meta,
    );
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.record).toMatchObject({
      level: 'warn',
      message: 'slow query',
      service: 'db',
      format: 'json',
    });
    expect(outcome.record.fields).toEqual({ duration_ms: 812 });
  });

  it('survives a 10,000-deep object: too_deep counted, no stack overflow', () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 10_000; i++) deep = { nested: deep };
    const outcome = parseObject({ msg: 'deep', payload: deep }, meta);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.record.message).toBe('deep');
    expect(outcome.warnings.map((w) => w.kind)).toContain('too_deep');
    expect(outcome.warnings.every((w) => w.sample.length <= 200)).toBe(true);
  });

  it('escapes control characters in object messages', () => {
    const outcome = parseObject({ msg: 'a\u0000b' }, meta);
    expect(outcome.ok && outcome.record.message).toBe('a\\x00b');
  });

  it('rejects a non-object without throwing', () => {
    const outcome = parseObject(null as unknown as Record<string, unknown>, meta);
    expect(outcome.ok).toBe(false);
  });
});
