/**
 * Every producer-shape fixture (tests/fixtures/producers) through the parser: time, level,
 * service, host, message and error exactly as the fixture expects, the fields it names, and no
 * data-quality complaint (a stack trace is normal data).
 */
import { describe, expect, it } from 'vitest';
import { LogRecord } from '../../core/contract';
import { parseMessage } from '../../core/parse';
import { ALL_SHAPES } from '../../core/parse/producers';
import { MAX_STACK_TRACE_CHARS } from '../../core/parse/structured';
import { loadProducerCases } from '../fixtures/producers';

const KAFKA_TS = Date.UTC(2026, 11, 4, 22, 40, 0);
const cases = loadProducerCases();

describe('producer shapes: conformance fixtures', () => {
  it.each(cases.map((c) => [`${c.file}: ${c.name}`, c] as const))('%s', (_name, c) => {
    const outcome = parseMessage({
      topic: 'logs',
      partition: 0,
      offset: '7',
      timestamp: KAFKA_TS,
      key: null,
      value: Buffer.from(c.value, 'utf8'),
    });
    if (!outcome.ok) throw new Error(`rejected: ${outcome.issue.kind} ${outcome.issue.detail}`);
    expect(outcome.warnings).toEqual([]);
    const r = outcome.record;
    expect(LogRecord.safeParse(r).success).toBe(true);
    const e = c.expect;
    expect(new Date(r.time).toISOString()).toBe(
      e.time === 'kafka' ? new Date(KAFKA_TS).toISOString() : e.time,
    );
    expect({ level: r.level, service: r.service, host: r.host, message: r.message }).toEqual({
      level: e.level,
      // A message that names no service falls back to its Kafka topic (docs/formats.md, issue 15).
      service: e.service ?? 'logs',
      host: e.host,
      message: e.message,
    });
    expect(r.error ?? null).toEqual(e.error);
    expect(r.fields['log.producer']).toBe(e.producer);
    if (e.fields !== undefined) expect(r.fields).toMatchObject(e.fields);
  });

  it('has fixtures for every shape in the table', () => {
    const covered = new Set(cases.map((c) => c.expect.producer));
    const missing = ALL_SHAPES.map((s) => s.id).filter((id) => !covered.has(id));
    expect(missing).toEqual([]);
  });

  it('says where every fixture comes from', () => {
    for (const c of cases) {
      expect(c.origin, c.name).toMatch(/^(documentation|source|real client)/);
      expect(c.reference.length, c.name).toBeGreaterThan(10);
    }
  });
});

describe('stack-trace bounds', () => {
  it('keeps a trace whole up to 64 KiB, cuts a longer one with one fields_truncated, and still reads its root cause', () => {
    const frames = Array.from(
      { length: 2500 },
      (_, i) => `\tat com.acme.Layer${i}.call(Layer${i}.java:${i})`,
    );
    const trace = [
      'java.lang.IllegalStateException: outer',
      ...frames,
      'Caused by: java.io.IOException: disk gone',
      '\t... 2500 more',
    ].join('\n');
    expect(trace.length).toBeGreaterThan(MAX_STACK_TRACE_CHARS);
    const outcome = parseMessage({
      topic: 'logs',
      partition: 0,
      offset: '1',
      timestamp: KAFKA_TS,
      key: null,
      value: Buffer.from(
        JSON.stringify({
          'ecs.version': '1.2.0',
          'log.level': 'ERROR',
          message: 'x',
          'error.stack_trace': trace,
        }),
      ),
    });
    if (!outcome.ok) throw new Error(outcome.issue.detail);
    expect(outcome.warnings.map((w) => w.kind)).toEqual(['fields_truncated']);
    expect(String(outcome.record.fields['error.stack_trace'])).toHaveLength(MAX_STACK_TRACE_CHARS);
    expect(outcome.record.error).toEqual({
      type: 'java.lang.IllegalStateException',
      message: 'outer',
      rootCause: 'java.io.IOException: disk gone',
    });
  });
});
